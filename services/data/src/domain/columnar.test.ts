import { describe, expect, it } from 'vitest';
import { candlesToColumns } from './candle.ts';
import { decodeColumns, encodeColumns } from './columnar.ts';
import { generateSynthetic } from './synthetic.ts';

describe('columnar bar buffer', () => {
  it('round-trips bars exactly, with a 16-byte header and 48 bytes per bar', () => {
    const cols = candlesToColumns(generateSynthetic({ seed: 4, start: 0, timeframe: '1m', count: 1234 }));
    const buf = encodeColumns(cols);
    expect(buf.length).toBe(16 + 48 * 1234);
    expect(buf.subarray(0, 4).toString('ascii')).toBe('STRB');
    expect(decodeColumns(buf)).toEqual(cols);
    // decodes from an unaligned view too
    const shifted = Buffer.concat([Buffer.alloc(3), buf]).subarray(3);
    expect(decodeColumns(shifted).close).toEqual(cols.close);
  });

  it('refuses buffers that are not ours or are truncated', () => {
    const buf = encodeColumns(candlesToColumns(generateSynthetic({ seed: 4, start: 0, timeframe: '1m', count: 3 })));
    expect(() => decodeColumns(Buffer.from('nope, not bars at all'))).toThrow(/magic/);
    expect(() => decodeColumns(buf.subarray(0, buf.length - 8))).toThrow(/length/);
  });
});
