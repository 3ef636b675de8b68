import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import type { ParamSpecs, ParamValues } from '../../api/types.ts';
import { defaultParams, ParamForm, paramErrors } from './param-form.tsx';

const specs: ParamSpecs = {
  fast: { type: 'int', default: 10, min: 2, max: 100, step: 1, label: 'Fast period' },
  width: { type: 'float', default: 2, min: 0.5, max: 4, step: 0.25 },
  allowShort: { type: 'bool', default: false, label: 'Allow shorts' },
  mode: { type: 'enum', default: 'close', options: ['close', 'hl2', 'ohlc4'], label: 'Price' },
};

function Harness({ onValues }: { onValues: (v: ParamValues) => void }) {
  const [values, setValues] = useState(defaultParams(specs));
  return <ParamForm specs={specs} values={values} onChange={(v) => { setValues(v); onValues(v); }} />;
}

describe('ParamForm', () => {
  it('renders one control per declared parameter with its default, range and step', () => {
    render(<Harness onValues={() => undefined} />);
    const fast = screen.getByLabelText(/Fast period/) as HTMLInputElement;
    expect(fast.type).toBe('number');
    expect(fast.value).toBe('10');
    expect(fast.min).toBe('2');
    expect(fast.max).toBe('100');
    expect((screen.getByLabelText(/width/) as HTMLInputElement).step).toBe('0.25');
    expect((screen.getByLabelText('Allow shorts') as HTMLInputElement).checked).toBe(false);
    const mode = screen.getByLabelText('Price') as HTMLSelectElement;
    expect([...mode.options].map((o) => o.value)).toEqual(['close', 'hl2', 'ohlc4']);
  });

  it('reports typed values with their declared types', () => {
    let last: ParamValues = {};
    render(<Harness onValues={(v) => (last = v)} />);
    fireEvent.change(screen.getByLabelText(/Fast period/), { target: { value: '21' } });
    fireEvent.click(screen.getByLabelText('Allow shorts'));
    fireEvent.change(screen.getByLabelText('Price'), { target: { value: 'hl2' } });
    expect(last).toEqual({ fast: 21, width: 2, allowShort: true, mode: 'hl2' });
  });

  it('flags out-of-range and non-integer values, accessibly', () => {
    render(<Harness onValues={() => undefined} />);
    const fast = screen.getByLabelText(/Fast period/);
    fireEvent.change(fast, { target: { value: '500' } });
    expect(fast.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('expected between 2 and 100, received 500');
    fireEvent.change(fast, { target: { value: '2.5' } });
    expect(screen.getByRole('alert').textContent).toBe('expected a whole number');
    fireEvent.change(fast, { target: { value: '3' } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('paramErrors names every bad value and accepts the defaults', () => {
    expect(paramErrors(specs, defaultParams(specs))).toEqual({});
    expect(Object.keys(paramErrors(specs, { fast: NaN, width: 9, allowShort: 'yes' as never, mode: 'median' })).sort())
      .toEqual(['allowShort', 'fast', 'mode', 'width']);
  });

  it('says so when a strategy declares no parameters', () => {
    render(<ParamForm specs={{}} values={{}} onChange={() => undefined} />);
    expect(screen.getByText(/declares no parameters/)).toBeTruthy();
  });
});
