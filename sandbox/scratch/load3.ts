import ivm from 'isolated-vm';
import { buildRuntimeBundle } from '../src/isolate/runtime-bundle.ts';
const b = await buildRuntimeBundle();
const idx = b.indexOf('enableOverride(obj, key)');
console.log(idx, b.includes('if(isPrototype&&OVERRIDABLE.has(key))'));
const variants: Record<string, string> = {
  full: b,
  noHarden: b.replace('hardenRealm();', ''),
  noOverride: b.replace(/if\s*\(isPrototype\s*&&\s*OVERRIDABLE\.has\(key\)\)\s*enableOverride\(obj,\s*key\);?/, ''),
  noFreeze: b.replace(/I\.freeze\(obj\);/, ''),
};
for (const [k, v] of Object.entries(variants)) console.log(k, v.length);
for (let rep = 0; rep < 2; rep++) for (const [label, code] of Object.entries(variants)) {
  const ts: number[] = [];
  for (let i = 0; i < 60; i++) {
    const iso = new ivm.Isolate({ memoryLimit: 64 });
    const ctx = await iso.createContext();
    const s = await iso.compileScript(code, { filename: 'r.js' });
    const t3 = performance.now();
    await s.run(ctx, { reference: true });
    ts.push(performance.now() - t3);
    iso.dispose();
  }
  console.log(label, 'run p50', ts.sort((a, b) => a - b)[30]!.toFixed(2));
}
