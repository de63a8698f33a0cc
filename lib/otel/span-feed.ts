import type { OtlpSpan } from '@/lib/export/otlp-json';
import { otlpContext, otlpSpan, type ExportedRun } from '@/lib/export/to-otlp';
import type { TraceEvent } from '@/lib/trace/events';
import { emptySpans, messageSpanId, reduceSpans, type SpanState } from '@/lib/trace/projections/spans';

/**
 * Committed events → the OTLP spans that just ended, per run: the spans projection applied one event
 * at a time, each span mapped by the export's own `otlpSpan` once it has ended (a collector takes
 * ended spans). The root ends with the run; spans still open then are closed by the projection and
 * sent with it. A run's state is dropped when it ends.
 */

interface RunFeed {
  state: SpanState;
  sent: Set<string>;
  lastTs: number;
}

/** The Run row as the live feed knows it: from run.started and the run's end. */
function liveRun(runId: string, state: SpanState): ExportedRun {
  const root = state.spans.run;
  const started = root?.events.find((e) => e.type === 'run.started');
  const finished = root?.events.find((e) => e.type === 'run.finished');
  const interrupted = root?.events.some((e) => e.type === 'run.interrupted');
  return {
    id: runId,
    status: finished?.type === 'run.finished' ? finished.data.status : interrupted ? 'interrupted' : 'running',
    outcome: finished?.type === 'run.finished' ? finished.data.outcome : '',
    mode: started?.type === 'run.started' ? started.data.mode : 'agents',
    model: started?.type === 'run.started' ? started.data.model : '',
    batchId: null,
    parentRunId: null,
    forkedAtSeq: null,
  };
}

export class SpanFeed {
  readonly #runs = new Map<string, RunFeed>();

  /** Runs being followed (their spans not all sent yet). */
  get openRuns(): number {
    return this.#runs.size;
  }

  /** The spans this event ended, mapped; [] for most events. */
  accept(event: TraceEvent): OtlpSpan[] {
    let feed = this.#runs.get(event.runId);
    if (!feed) {
      // A run first seen mid-way (this process started after it did) has no root to hang from: not followed.
      if (event.type !== 'run.started') return [];
      feed = { state: emptySpans, sent: new Set(), lastTs: event.ts };
      this.#runs.set(event.runId, feed);
    }
    feed.state = reduceSpans(feed.state, event);
    feed.lastTs = Math.max(feed.lastTs, event.ts);
    const ended = event.type === 'run.finished' || event.type === 'run.interrupted';
    const candidates = ended ? feed.state.order : [event.spanId, messageSpanId(event.spanId, event.seq)];
    const ready = candidates.filter((id) => !feed.sent.has(id) && feed.state.spans[id]?.endTs != null);
    if (ended) this.#runs.delete(event.runId);
    if (ready.length === 0) return [];
    const ctx = otlpContext(liveRun(event.runId, feed.state), feed.state);
    return ready.map((id) => {
      feed.sent.add(id);
      return otlpSpan(ctx, id, feed.lastTs);
    });
  }
}
