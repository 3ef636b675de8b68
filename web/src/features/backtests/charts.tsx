import {
  AreaSeries, CandlestickSeries, ColorType, createChart, createSeriesMarkers, LineSeries,
  type IChartApi, type SeriesMarker, type Time, type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useMemo, useRef } from 'react';
import type { BacktestSeries, Point } from '../../api/types.ts';
import { OverlayLegend } from './overlay-legend.tsx';
import { toOverlays } from './overlays.ts';

const sec = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;
/** Height of the pane under the candles that holds `pane: 'separate'` plots (oscillators). */
const LOWER_PANE_PX = 110;

/** Keeps strictly increasing times (lightweight-charts rejects duplicates). */
function line(points: readonly Point[]) {
  const out: { time: UTCTimestamp; value: number }[] = [];
  for (const p of points) {
    const t = sec(p.time);
    if (out.length && out[out.length - 1]!.time >= t) continue;
    out.push({ time: t, value: p.value });
  }
  return out;
}

function baseChart(el: HTMLElement, height: number): IChartApi {
  return createChart(el, {
    height,
    autoSize: true,
    layout: { background: { type: ColorType.Solid, color: '#0f1419' }, textColor: '#b8c2cc', attributionLogo: false },
    grid: { vertLines: { color: '#1c232b' }, horzLines: { color: '#1c232b' } },
    timeScale: { timeVisible: true, borderColor: '#2a333d' },
    rightPriceScale: { borderColor: '#2a333d' },
  });
}

/** Price with trade markers and indicator overlays, then equity and drawdown, with time scales kept in sync. */
export default function BacktestCharts({ series }: { series: BacktestSeries }) {
  const priceEl = useRef<HTMLDivElement>(null);
  const equityEl = useRef<HTMLDivElement>(null);
  const overlays = useMemo(() => toOverlays(series.indicators), [series]);
  const lowerPane = overlays.some((o) => o.pane === 'separate');

  useEffect(() => {
    const price = baseChart(priceEl.current!, lowerPane ? 320 + LOWER_PANE_PX : 320);
    const candles = price.addSeries(CandlestickSeries, {
      upColor: '#26a69a', downColor: '#ef5350', borderVisible: false, wickUpColor: '#26a69a', wickDownColor: '#ef5350',
    });
    const seen = new Set<number>();
    candles.setData(series.candles.filter((c) => !seen.has(c.time) && seen.add(c.time)).map((c) => ({
      time: sec(c.time), open: c.open, high: c.high, low: c.low, close: c.close,
    })));
    const markers: SeriesMarker<Time>[] = [...series.markers].sort((a, b) => a.time - b.time).map((m) => ({
      time: sec(m.time),
      position: m.side === 'buy' ? 'belowBar' : 'aboveBar',
      color: m.side === 'buy' ? '#26a69a' : '#ef5350',
      shape: m.side === 'buy' ? 'arrowUp' : 'arrowDown',
      text: m.text ?? m.side,
    }));
    createSeriesMarkers(candles, markers);
    // `price` lines share the candles' scale; `separate` ones (oscillators) get a pane of their own
    for (const o of overlays) {
      const s = price.addSeries(LineSeries, { color: o.color, lineWidth: 1, title: o.name, priceLineVisible: false, lastValueVisible: false }, o.pane === 'separate' ? 1 : 0);
      s.setData(o.data);
    }
    if (lowerPane) price.panes()[1]?.setHeight(LOWER_PANE_PX);
    price.timeScale().fitContent();

    const equity = baseChart(equityEl.current!, 200);
    const eq = equity.addSeries(LineSeries, { color: '#4dabf7', lineWidth: 2, title: 'Equity', priceLineVisible: false });
    eq.setData(line(series.equity));
    const dd = equity.addSeries(AreaSeries, {
      lineColor: '#ef5350', topColor: 'rgba(239,83,80,0.05)', bottomColor: 'rgba(239,83,80,0.4)', lineWidth: 1,
      title: 'Drawdown %', priceScaleId: 'dd', priceFormat: { type: 'percent' }, priceLineVisible: false,
    });
    dd.setData(line(series.drawdown.map((p) => ({ time: p.time, value: -Math.abs(p.value) * 100 }))));
    equity.priceScale('dd').applyOptions({ scaleMargins: { top: 0.7, bottom: 0 } });
    equity.timeScale().fitContent();

    // one time axis for both charts: panning the price chart pans the equity chart
    price.timeScale().subscribeVisibleTimeRangeChange((r) => {
      if (r) equity.timeScale().setVisibleRange(r);
    });
    return () => { price.remove(); equity.remove(); };
  }, [series, overlays, lowerPane]);

  return (
    <div className="charts">
      <OverlayLegend overlays={overlays} />
      <div ref={priceEl} className={lowerPane ? 'chart price with-pane' : 'chart price'} data-testid="price-chart" aria-label="Price chart with trades and indicators" role="img" />
      <div ref={equityEl} className="chart equity" data-testid="equity-chart" aria-label="Equity and drawdown" role="img" />
    </div>
  );
}
