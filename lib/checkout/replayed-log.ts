import type { NewTraceEvent, TraceEvent } from '@/lib/trace/events';
import type { RunRecorder } from './run-checkout';

/**
 * What a resumed run is served from its log, and what it may not be: the result of every service
 * call the run made and saw answered (so the call is not made again), keyed by tool call id.
 * A call whose result is missing was in flight when the process stopped: it is made again live, under
 * the same idempotency key (payments) or the same call key (messages, lib/runtime/tool-span.ts).
 * A call the run's guard refused is not served: the guard refuses it again, and records so.
 */
export interface ServedResults {
  /** toolCallId → the output the call returned (a ServiceResult). */
  results: Map<string, unknown>;
  /** The spans of those calls: what happened inside them (a fault injected) is not re-emitted. */
  spans: Set<string>;
  /** Service calls started and never answered in the log. */
  inFlight: number;
}

export function servedResults(events: readonly TraceEvent[]): ServedResults {
  const calls = new Map<string, { spanId: string }>();
  const results = new Map<string, unknown>();
  const spans = new Set<string>();
  let answered = 0;
  for (const event of events) {
    if (event.type === 'tool.call' && event.data.service) calls.set(event.data.toolCallId, { spanId: event.spanId });
    if (event.type !== 'tool.result') continue;
    const call = calls.get(event.data.toolCallId);
    if (!call) continue;
    answered++;
    if (event.data.error?.code === 'out_of_scope') continue;
    results.set(event.data.toolCallId, event.data.output);
    spans.add(call.spanId);
  }
  return { results, spans, inFlight: calls.size - answered };
}

/**
 * The recorder of a resumed run. The run is executed again from its start, by the same code, with
 * its model replies and service results served from its log; each event it emits that the log
 * already holds (the same type, on the same span, the same how-many-th of its kind there) is not
 * recorded again: the recorded one is handed back. Anything else (the answer to the call that was in
 * flight, every step after it) is new and recorded after the log's last event. Matching by identity,
 * not by position, keeps a replay whose concurrent calls interleave differently from the original in
 * step with it.
 *
 * Events the replay does not emit again are not waited for: those inside a served call (a fault that
 * fired there), rule changes made from outside while the run went on, an earlier resume's own mark.
 */
export class ReplayedLog implements RunRecorder {
  readonly #inner: RunRecorder;
  readonly #pending = new Map<string, TraceEvent>();
  readonly #emitted = new Map<string, number>();
  #live = false;

  constructor(inner: RunRecorder, recorded: readonly TraceEvent[], served: Pick<ServedResults, 'spans'>) {
    this.#inner = inner;
    const seen = new Map<string, number>();
    for (const event of recorded) {
      const rank = next(seen, kindOnSpan(event));
      if (!replayedAgain(event, served.spans)) continue;
      this.#pending.set(identity(event, rank), event);
    }
  }

  /** True until the run emits its first event that the log does not hold: its waits are then not waited again. */
  get replaying(): boolean {
    return !this.#live;
  }

  async append(runId: string, event: NewTraceEvent): Promise<TraceEvent> {
    const key = identity(event, next(this.#emitted, kindOnSpan(event)));
    const recorded = this.#pending.get(key);
    if (recorded) {
      this.#pending.delete(key);
      return recorded;
    }
    this.#live = true;
    return (await this.#inner.append(runId, event)) as TraceEvent;
  }

  finishRun(...args: Parameters<RunRecorder['finishRun']>): ReturnType<RunRecorder['finishRun']> {
    this.#live = true;
    return this.#inner.finishRun(...args);
  }
}

function kindOnSpan(event: { type: string; spanId: string }): string {
  return `${event.type}\u0000${event.spanId}`;
}

function identity(event: { type: string; spanId: string }, rank: number): string {
  return `${kindOnSpan(event)}\u0000${rank}`;
}

function next(counts: Map<string, number>, key: string): number {
  const rank = counts.get(key) ?? 0;
  counts.set(key, rank + 1);
  return rank;
}

/** Whether the replay emits this event again (and so must not record it twice). */
function replayedAgain(event: TraceEvent, servedSpans: ReadonlySet<string>): boolean {
  if (event.type === 'faults.changed' || event.type === 'run.resumed') return false;
  // A served call's span: its call and result are emitted again, what happened inside the service is not.
  if (servedSpans.has(event.spanId)) return event.type === 'tool.call' || event.type === 'tool.result';
  return true;
}
