import { describe, expect, it } from 'vitest';
import { ObjectiveSyntaxError, parseObjective } from './objective.ts';

describe('objective expressions', () => {
  const m = { sharpe: 1.5, totalReturn: 0.2, maxDrawdown: -0.1, calmar: 2 };

  it('evaluates names, precedence, unary minus and functions', () => {
    expect(parseObjective('sharpe').evaluate(m)).toBe(1.5);
    expect(parseObjective('sharpe + totalReturn * 10').evaluate(m)).toBeCloseTo(3.5);
    expect(parseObjective('(sharpe + totalReturn) * 10').evaluate(m)).toBeCloseTo(17);
    expect(parseObjective('-maxDrawdown').evaluate(m)).toBeCloseTo(0.1);
    expect(parseObjective('totalReturn / abs(maxDrawdown) - 1').evaluate(m)).toBeCloseTo(1);
    expect(parseObjective('max(sharpe, calmar, 1e-3)').evaluate(m)).toBe(2);
    expect(parseObjective('sharpe - - 1').evaluate(m)).toBe(2.5);
    expect(parseObjective('sharpe*0.5+calmar').names).toEqual(['sharpe', 'calmar']);
  });

  it('scores missing metrics, division by zero and nulls as -Infinity', () => {
    expect(parseObjective('nope').evaluate(m)).toBe(-Infinity);
    expect(parseObjective('sharpe / 0').evaluate(m)).toBe(-Infinity);
    expect(parseObjective('sharpe').evaluate({ sharpe: null })).toBe(-Infinity);
  });

  it('rejects anything that is not arithmetic, with a position', () => {
    for (const bad of ['sharpe +', 'process.exit(1)', 'sharpe; 1', 'constructor("x")', 'a ** 2', 'eval(1)', '(sharpe', 'min(sharpe)', '']) {
      expect(() => parseObjective(bad), bad).toThrow(ObjectiveSyntaxError);
    }
    expect(() => parseObjective('sharpe $ 2')).toThrow(/character 8/);
  });
});
