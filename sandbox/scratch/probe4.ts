import ivm from 'isolated-vm';
const SZ = Number(process.env.SZ ?? 48e6), PARTS = Number(process.env.PARTS ?? 1);
const masters = Array.from({ length: PARTS }, () => new ivm.ExternalCopy(new ArrayBuffer(SZ / PARTS).slice(0), { transferOut: true }));
for (let i = 0; i < 8; i++) {
  const iso = new ivm.Isolate({ memoryLimit: 128 });
  const ctx = await iso.createContext();
  const fn = await ctx.eval('(function(...bs){ let s=0; for (const b of bs) s+=b.byteLength; return s; })', { reference: true });
  const t0 = performance.now();
  const r = await fn.apply(undefined, masters.map((m) => m.copyInto()), { result: { copy: true } });
  const t1 = performance.now();
  iso.dispose();
  console.log(PARTS, r, (t1 - t0).toFixed(1));
}
