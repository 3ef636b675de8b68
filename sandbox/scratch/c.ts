import { compileStrategy } from '/work/main/sandbox/src/compile/compile-strategy.ts';
const r = await compileStrategy(`import { defineStrategy } from '@strata/sdk';\nconst x: number = 1;\nexport default defineStrategy({ apiVersion: 1, onBar(ctx) { if (x) throw new Error('boom'); } });\n`);
console.log(r.js); console.log(r.sourceMap);
for (const s of [`import fs from 'fs';\nexport default 1`, `const a = 1;\nconst p = import('fs');`, `const b = require('child_process')`, `let x = ;`]) {
  try { await compileStrategy(s); console.log('OK??', s); } catch (e: any) { console.log(e.name, e.message, JSON.stringify(e.diagnostics)); }
}
