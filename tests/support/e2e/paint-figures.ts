import { loadavg } from 'node:os';
import type { PaintSample } from '@/components/run/paint-latency';

export type { PaintSample };

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** p50/p95/max of commit → paint and of its delivery part, with the machine's load (figures are only comparable on a quiet machine). */
export function paintFigures(samples: readonly PaintSample[]) {
  const latency = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
  const delivery = samples.flatMap((s) => (s.receivedMs === null ? [] : [s.receivedMs])).sort((a, b) => a - b);
  const [load1, load5] = loadavg();
  return {
    events: latency.length,
    p50Ms: quantile(latency, 0.5),
    p95Ms: quantile(latency, 0.95),
    maxMs: latency.at(-1),
    deliveryP50Ms: quantile(delivery, 0.5),
    deliveryP95Ms: quantile(delivery, 0.95),
    loadAverage1m: Math.round(load1 * 100) / 100,
    loadAverage5m: Math.round(load5 * 100) / 100,
  };
}
