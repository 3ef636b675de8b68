import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { UsageView } from './usage-view.tsx';

describe('UsageView', () => {
  it('shows the run\'s resources and which sandbox isolate ran it', () => {
    render(<UsageView usage={{ cpuMs: 41.6, wallMs: 58.2, peakHeapBytes: 3 * 1024 * 1024, barsProcessed: 100_000, ordersEmitted: 12, isolate: 'warm' }} />);
    const list = screen.getByLabelText('Resource usage');
    expect(list.textContent).toContain('CPU42 ms');
    expect(list.textContent).toContain('Bars100,000');
    const isolate = screen.getByText('warm');
    expect(isolate.getAttribute('title')).toMatch(/previous run of this version/);
  });

  it('leaves out what the run did not report', () => {
    render(<UsageView usage={{ cpuMs: 5 }} />);
    expect(screen.getByLabelText('Resource usage').textContent).toBe('CPU5 ms');
  });
});
