import { typecheck } from '../src/compile/typecheck.ts';
let t0 = performance.now();
console.log(await typecheck(`import { defineStrategy } from '@strata/sdk';\nexport default defineStrategy({ apiVersion: 1, params: { fast: { type: 'int', default: 10, min: 1, max: 50 } }, onBar(ctx) { const x: string = ctx.params.fast; console.log(x); } });\n`), performance.now() - t0);
t0 = performance.now();
console.log(await typecheck(`import { defineStrategy } from '@strata/sdk';\nexport default defineStrategy({ apiVersion: 1, onBar(ctx) { ctx.orders.market('BTC', 'buy', 1); } });\n`), performance.now() - t0);
