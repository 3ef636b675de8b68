import type { Usage } from '../../api/types.ts';
import { formatBytes } from './format.ts';

const ISOLATE_HELP = {
  fresh: 'A new sandbox isolate was started for this run',
  spare: "The sandbox worker's pre-loaded isolate ran it (no start-up)",
  warm: 'The isolate of your previous run of this version ran it (already warmed up)',
} as const;

export function UsageView({ usage }: { usage?: Usage }) {
  if (!usage) return null;
  return (
    <dl className="usage" aria-label="Resource usage">
      <div><dt>CPU</dt><dd>{usage.cpuMs.toFixed(0)} ms</dd></div>
      {usage.wallMs !== undefined && <div><dt>Wall</dt><dd>{usage.wallMs.toFixed(0)} ms</dd></div>}
      {usage.peakHeapBytes !== undefined && <div><dt>Peak memory</dt><dd>{formatBytes(usage.peakHeapBytes)}</dd></div>}
      {usage.barsProcessed !== undefined && <div><dt>Bars</dt><dd>{usage.barsProcessed.toLocaleString('en-US')}</dd></div>}
      {usage.ordersEmitted !== undefined && <div><dt>Orders</dt><dd>{usage.ordersEmitted}</dd></div>}
      {usage.isolate !== undefined && <div><dt>Isolate</dt><dd title={ISOLATE_HELP[usage.isolate]}>{usage.isolate}</dd></div>}
    </dl>
  );
}
