import { expect, type APIRequestContext, type Page } from '@playwright/test';
import type { TraceEvent } from '@/lib/trace/events';
import { placeAndFinish } from './orders';

/**
 * A long run streamed into a page through a stand-in EventSource. The page loads the run's first
 * event from the real server, then folds and paints the rest as they arrive, through its real hook,
 * reducer and components. Only the transport is replaced, because the server streams only runs it
 * is recording itself, and no real checkout is hundreds of events long or arrives by the hundred.
 */

/** A real checkout's events, its agent work repeated under fresh span ids until the log has `count` events, ending with its run.finished. */
export function longRun(template: TraceEvent[], count: number, paceMs: number): TraceEvent[] {
  const [started, ...rest] = template;
  const finished = rest.at(-1)!;
  const body = rest.slice(0, -1);
  const out: TraceEvent[] = [started];
  for (let round = 0; out.length < count - 1; round++) {
    const rename = (id: string | null) => (id === null || id === 'run' ? id : `${id}.r${round}`);
    for (const e of body) {
      if (out.length === count - 1) break;
      out.push({ ...e, spanId: rename(e.spanId)!, parentSpanId: rename(e.parentSpanId) } as TraceEvent);
    }
  }
  out.push(finished);
  return out.map((e, i) => ({ ...e, seq: i + 1, ts: started.ts + i * paceMs }));
}

export interface StandInOptions {
  /** Every ms, the next `perTick` events are sent (all in one task: a burst when perTick is large). */
  paceMs: number;
  perTick?: number;
  /** Stamp each event's ts as it is sent (it is then "committed" at that instant, for the commit → paint probe). */
  stampTs?: boolean;
}

declare global {
  interface Window {
    /** Events the stand-in has sent so far. */
    __acoStandIn?: { streamed: number };
  }
}

/** Serves only the run's first event from its log, and streams the rest through the stand-in. */
export async function streamThroughStandIn(
  page: Page,
  runId: string,
  log: TraceEvent[],
  options: StandInOptions,
): Promise<void> {
  await page.route(`**/api/runs/${runId}/events.ndjson*`, (route) =>
    route.fulfill({ status: 200, contentType: 'application/x-ndjson', body: `${JSON.stringify(log[0])}\n` }),
  );
  await page.addInitScript(
    ({ frames, paceMs, perTick, stampTs }) => {
      const progress = { streamed: 0 };
      window.__acoStandIn = progress;
      // The transport only: frames as the SSE route sends them (event: trace, data: the event JSON), then `end`.
      class StandInEventSource extends EventTarget {
        static readonly CONNECTING = 0;
        static readonly OPEN = 1;
        static readonly CLOSED = 2;
        readyState = 0;
        onerror: ((event: Event) => void) | null = null;
        #timer: ReturnType<typeof setInterval> | undefined;
        constructor(readonly url: string) {
          super();
          setTimeout(() => {
            this.readyState = 1;
            this.dispatchEvent(new Event('open'));
            this.#timer = setInterval(() => {
              if (this.readyState === 2) return;
              if (progress.streamed === frames.length) {
                clearInterval(this.#timer);
                this.dispatchEvent(new MessageEvent('end', { data: '{}' }));
                return;
              }
              for (const frame of frames.slice(progress.streamed, progress.streamed + perTick)) {
                const data = stampTs ? JSON.stringify({ ...JSON.parse(frame), ts: Date.now() }) : frame;
                progress.streamed += 1;
                this.dispatchEvent(new MessageEvent('trace', { data, lastEventId: String(progress.streamed) }));
              }
            }, paceMs);
          }, 0);
        }
        close() {
          this.readyState = 2;
          clearInterval(this.#timer);
        }
      }
      Object.defineProperty(window, 'EventSource', { value: StandInEventSource, configurable: true });
    },
    {
      frames: log.slice(1).map((e) => JSON.stringify(e)),
      paceMs: options.paceMs,
      perTick: options.perTick ?? 1,
      stampTs: options.stampTs ?? false,
    },
  );
}

/** A real checkout (Grace: a declined card, then the backup), its events repeated to `count`, streamed into its page through the stand-in. */
export async function streamLongCheckout(
  page: Page,
  request: APIRequestContext,
  count: number,
  options: StandInOptions,
): Promise<{ runId: string; log: TraceEvent[] }> {
  const [run] = await placeAndFinish(request, {
    customerId: 'cus_grace',
    items: [
      { sku: 'KB-001', quantity: 1 },
      { sku: 'MS-002', quantity: 2 },
    ],
  });
  const { events: recorded } = (await (await request.get(`/api/runs/${run.runId}/events.json`)).json()) as {
    events: TraceEvent[];
  };
  expect(recorded.at(-1)!.type).toBe('run.finished');
  const log = longRun(recorded, count, options.paceMs);
  await streamThroughStandIn(page, run.runId, log, options);
  return { runId: run.runId, log };
}
