/**
 * Event commit → paint latency, measured in the browser: for each event the live view applies,
 * the time from its `ts` (stamped by the recorder as it is committed) to the frame after React
 * has rendered it. Kept on window for the browser bench to read; never shown, never asserted.
 */
export interface PaintSample {
  runId: string;
  seq: number;
  latencyMs: number;
  /** Of latencyMs, the part until the browser received the event (the rest is applying and painting). */
  receivedMs: number | null;
  /** Committed after the stream was open (false: back-filled, recorded before the page subscribed). */
  live: boolean;
}

const receivedAt = new WeakMap<object, number>();

/** Notes when an event arrived, to split the latency into delivery and rendering. */
export function markReceived(event: object): void {
  receivedAt.set(event, Date.now());
}

declare global {
  interface Window {
    __acoPaintLatency?: PaintSample[];
  }
}

const MAX_SAMPLES = 20_000;

export function recordPaint(
  runId: string,
  events: readonly { seq: number; ts: number }[],
  streamOpenedAt: number | null,
): void {
  if (typeof window === 'undefined' || events.length === 0) return;
  // The callback of the next frame runs after this commit has been painted.
  requestAnimationFrame(() => {
    const paintedAt = Date.now();
    const samples = (window.__acoPaintLatency ??= []);
    for (const e of events) {
      const received = receivedAt.get(e);
      samples.push({
        runId,
        seq: e.seq,
        latencyMs: paintedAt - e.ts,
        receivedMs: received === undefined ? null : received - e.ts,
        live: streamOpenedAt !== null && e.ts >= streamOpenedAt,
      });
    }
    if (samples.length > MAX_SAMPLES) samples.splice(0, samples.length - MAX_SAMPLES);
  });
}
