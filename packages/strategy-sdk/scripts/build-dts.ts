// Writes dist/strata-sdk.d.ts: `npm exec -- node packages/strategy-sdk/scripts/build-dts.ts`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SDK_DTS_PATH, generateSdkDeclarations } from '../src/dts.ts';

const text = generateSdkDeclarations();
mkdirSync(dirname(SDK_DTS_PATH), { recursive: true });
writeFileSync(SDK_DTS_PATH, text);
console.log(`wrote ${SDK_DTS_PATH} (${text.length} chars)`);
