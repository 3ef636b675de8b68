// Regenerates the SYNTHETIC seed files (not market data): seeded GBM with regime switching.
// Run: npm exec -- node services/data/seed/generate-synthetic.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateSynthetic } from '../src/domain/synthetic.ts';

const START = Date.UTC(2023, 0, 1);
const DAYS = 1096; // 2023-01-01 .. 2025-12-31
const specs = [
  { file: 'synthetic__BTC-USD__1d.csv', seed: 2023, startPrice: 16_500, tickSize: 0.01, baseVolume: 25_000 },
  { file: 'synthetic__ETH-USD__1d.csv', seed: 1559, startPrice: 1_200, tickSize: 0.01, baseVolume: 300_000 },
];
for (const s of specs) {
  const bars = generateSynthetic({ seed: s.seed, start: START, timeframe: '1d', count: DAYS, startPrice: s.startPrice, tickSize: s.tickSize, baseVolume: s.baseVolume });
  const lines = bars.map((b) => `${new Date(b.ts).toISOString().slice(0, 10)},${b.open},${b.high},${b.low},${b.close},${b.volume}`);
  writeFileSync(fileURLToPath(new URL(s.file, import.meta.url)), `date,open,high,low,close,volume\n${lines.join('\n')}\n`);
}
