import {
  AreaSeries, CandlestickSeries, ColorType, createChart, createSeriesMarkers, LineSeries,
  type IChartApi, type SeriesMarker, type Time, type UTCTimestamp,
} from 'lightweight-charts';
import { useEffect, useRef } from 'react';
import type { BacktestSeries, Point } from '../../api/types.ts';

const sec = (ms: number) => Math.floor(ms / 1000) as UTCTimestamp;
const OVERLAY_COLORS = ['#f5a623', '#7b61ff', '#20c997', '#e83e8c'];

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

  useEffect(() => {
    const price = baseChart(priceEl.current!, 320);
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
    (series.indicators ?? []).forEach((ind, i) => {
      const s = price.addSeries(LineSeries, { color: OVERLAY_COLORS[i % OVERLAY_COLORS.length], lineWidth: 1, title: ind.name, priceLineVisible: false });
      s.setData(line(ind.points));
    });
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
  }, [series]);

  return (
    <div className="charts">
      <div ref={priceEl} className="chart price" data-testid="price-chart" aria-label="Price chart with trades" role="img" />
      <div ref={equityEl} className="chart equity" data-testid="equity-chart" aria-label="Equity and drawdown" role="img" />
    </div>
  );
}
