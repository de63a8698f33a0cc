'use client';

import { useEffect, useState } from 'react';
import { isRunEnd, safeParseTraceEvent, type TraceEvent } from '@/lib/trace/events';
import { liveTextSchema, type LiveText } from '@/lib/trace/live-text';
import { emptyRunView, type RunView } from '@/lib/trace/projections/run-view';
import { runLogEventsSchema } from '@/lib/wire/runs';
import { createReplayLog, foldRecording, startUnseenFold, type ReplayLog } from '../replay/replay-log';
import { markReceived, recordPaint } from './paint-latency';
import { runLogUrl } from './run-log-url';

export type StreamStatus = 'connecting' | 'loading' | 'live' | 'reconnecting' | 'ended' | 'polling' | 'unavailable';

export interface RunStream {
  view: RunView;
  status: StreamStatus;
  /** Events that did not match the contract (shown, never silently dropped). */
  rejected: number;
  /** performance.now() when the last events were applied: open spans grow from here. */
  appliedAt: number;
  /** The last batch applied, for the paint-latency probe. */
  lastBatch: readonly TraceEvent[];
  /** Date.now() when the stream opened: events stamped after it arrived live, not by back-fill. */
  openedAt: number | null;
  /** Every event applied, with checkpoints of the view: what a replay folds (grows in place; `view` changes with it). */
  log: ReplayLog;
  /** What models are writing in steps still in progress (live only; gone once the step is recorded). */
  thinking: readonly LiveText[];
}

const initial: RunStream = {
  view: emptyRunView,
  status: 'connecting',
  rejected: 0,
  appliedAt: 0,
  lastBatch: [],
  openedAt: null,
  log: createReplayLog(),
  thinking: [],
};

const thinkingKey = (agentSpanId: string, step: number) => `${agentSpanId}#${step}`;

/**
 * Follows one run. What is already recorded arrives first, in one response (events.ndjson, a
 * line per event), folded as it downloads but shown once, when it is all in: a 36,000-event run
 * then costs one render instead of one per animation frame, and no SSE frame per event. The SSE
 * stream then carries what comes after the last seq loaded (nothing, for a finished run, whose
 * log ends with its end event), so a finished run and a live one take the same path and the same
 * reducer. Streamed events are applied in batches, one per animation frame, and de-duplicated by
 * seq (the reducer ignores seq it has seen), which makes the browser's automatic reconnect
 * (Last-Event-ID) safe. If the log cannot be loaded, the SSE stream back-fills from the start; if
 * that cannot be opened at all, the run is read from events.json. A null runId follows nothing
 * (the second pane when there is no comparison). Remount it (key) to follow another run.
 */
export function useRunStream(runId: string | null): RunStream {
  const [state, setState] = useState<RunStream>(initial);

  useEffect(() => {
    if (runId === null) return;
    const path = `/api/runs/${encodeURIComponent(runId)}`;
    // The fold lives here, not in a state updater (which React may call twice): each event is applied and logged once.
    const log = createReplayLog();
    let view = emptyRunView;
    let buffer: TraceEvent[] = [];
    let rejected = 0;
    let frame = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    let received = false;
    let pollTimer: ReturnType<typeof setTimeout> | undefined;
    let source: EventSource | undefined;
    const loading = new AbortController();
    const thinking = new Map<string, LiveText>();
    // Steps already recorded: a glimpse of one that arrives late is stale.
    const recordedSteps = new Set<string>();

    /** A recorded step ends its live text; the run's end ends them all. */
    const settleThinking = (batch: readonly TraceEvent[]): boolean => {
      let changed = false;
      for (const event of batch) {
        if (isRunEnd(event)) {
          thinking.clear();
          return true;
        }
        if (event.type === 'model.step' && event.parentSpanId !== null) {
          const key = thinkingKey(event.parentSpanId, event.data.step);
          recordedSteps.add(key);
          changed = thinking.delete(key) || changed;
        }
      }
      return changed;
    };

    const publish = (batch: TraceEvent[], rejectedNow: number, status?: StreamStatus) => {
      const thinkingChanged = settleThinking(batch) || status === 'ended';
      if (status === 'ended') thinking.clear();
      setState((s) => ({
        ...s,
        thinking: thinkingChanged ? [...thinking.values()] : s.thinking,
        log,
        view,
        status:
          status ??
          (s.status === 'connecting' || s.status === 'loading' || s.status === 'reconnecting' ? 'live' : s.status),
        rejected: s.rejected + rejectedNow,
        appliedAt: batch.length ? performance.now() : s.appliedAt,
        lastBatch: batch.length ? batch : s.lastBatch,
      }));
    };

    const flush = (status?: StreamStatus) => {
      frame = 0;
      clearTimeout(timer);
      timer = undefined;
      const batch = buffer;
      const rejectedNow = rejected;
      buffer = [];
      rejected = 0;
      if (batch.length === 0 && rejectedNow === 0 && !status) return;
      view = foldRecording(log, view, batch);
      publish(batch, rejectedNow, status);
    };

    const take = (raw: unknown) => {
      const parsed = safeParseTraceEvent(raw);
      if (parsed.success) {
        markReceived(parsed.data);
        buffer.push(parsed.data);
      } else rejected += 1;
    };

    const takeText = (text: string) => {
      try {
        take(JSON.parse(text));
      } catch {
        rejected += 1;
      }
    };

    const schedule = () => {
      if (frame || timer) return;
      // Hidden tabs get no animation frames; a timer keeps the state current for when they return.
      if (document.visibilityState === 'hidden') timer = setTimeout(() => flush(), 250);
      else frame = requestAnimationFrame(() => flush());
    };

    /** The recorded log, folded as its lines arrive; nothing is shown until it is all in. */
    const load = async () => {
      const unseen = startUnseenFold();
      const loaded: TraceEvent[] = [];
      // Events stamped after this were recorded while the page was following the run (live, not back-filled).
      const openedAt = Date.now();
      try {
        // No cache option: a preload is only reused by a fetch with default settings (the response is no-store anyway).
        const response = await fetch(runLogUrl(runId), { signal: loading.signal });
        if (!response.ok || !response.body) throw new Error(String(response.status));
        setState((s) => ({ ...s, status: 'loading', openedAt }));
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let partial = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const lines = (partial + value).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) if (line) takeText(line);
          loaded.push(...buffer);
          view = foldRecording(log, view, buffer, unseen);
          buffer = [];
        }
        if (partial) takeText(partial);
      } catch {
        // Cut off or refused: the SSE stream back-fills whatever is missing after the last seq folded.
        if (closed) return;
        setState((s) => ({ ...s, openedAt }));
      }
      loaded.push(...buffer);
      view = foldRecording(log, view, buffer, unseen);
      buffer = [];
      const rejectedNow = rejected;
      rejected = 0;
      // A run's end is its last event: nothing can follow, so there is nothing to stream.
      const over = view.summary.status !== 'running';
      publish(loaded, rejectedNow, over ? 'ended' : undefined);
      if (!over) follow(view.summary.lastSeq);
    };

    const follow = (afterSeq: number) => {
      const stream = new EventSource(`${path}/events?since=${afterSeq}`);
      source = stream;
      stream.addEventListener('trace', (message) => {
        received = true;
        takeText((message as MessageEvent<string>).data);
        schedule();
      });
      stream.addEventListener('thinking', (message) => {
        try {
          const parsed = liveTextSchema.safeParse(JSON.parse((message as MessageEvent<string>).data));
          if (!parsed.success) return;
          const key = thinkingKey(parsed.data.agentSpanId, parsed.data.step);
          if (recordedSteps.has(key)) return;
          thinking.set(key, parsed.data);
          setState((s) => ({ ...s, thinking: [...thinking.values()] }));
        } catch {
          // A live glimpse only: a frame that does not parse is skipped.
        }
      });
      stream.addEventListener('end', () => {
        stream.close();
        cancelAnimationFrame(frame);
        flush('ended');
      });
      stream.onerror = () => {
        if (closed) return;
        if (stream.readyState === EventSource.CLOSED) {
          // Refused outright (no such route, or not an event stream): read the recorded events instead.
          if (!received) void poll();
          else flush('unavailable');
        } else {
          setState((s) => (s.status === 'ended' ? s : { ...s, status: 'reconnecting' }));
        }
      };
    };

    const poll = async () => {
      try {
        const response = await fetch(`${path}/events.json`, { cache: 'no-store' });
        if (!response.ok) throw new Error(String(response.status));
        const { events } = runLogEventsSchema.parse(await response.json());
        events.forEach(take);
        const ended =
          view.summary.status !== 'running' ||
          buffer.some((e) => e.type === 'run.finished' || e.type === 'run.interrupted');
        flush(ended ? 'ended' : 'polling');
        if (!ended && !closed) pollTimer = setTimeout(() => void poll(), 1000);
      } catch {
        if (!closed) flush('unavailable');
      }
    };

    void load();

    return () => {
      closed = true;
      loading.abort();
      source?.close();
      cancelAnimationFrame(frame);
      clearTimeout(timer);
      clearTimeout(pollTimer);
    };
  }, [runId]);

  const { lastBatch, openedAt } = state;
  useEffect(() => {
    if (runId !== null) recordPaint(runId, lastBatch, openedAt);
    // Once per applied batch (openedAt is read, not a trigger).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [runId, lastBatch]);

  return state;
}
