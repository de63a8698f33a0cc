'use client';

import { useEffect, useState } from 'react';
import { z } from 'zod';
import { safeParseTraceEvent, type TraceEvent } from '@/lib/trace/events';
import { emptyRunView, type RunView } from '@/lib/trace/projections/run-view';
import { createReplayLog, foldRecording, type ReplayLog } from '../replay/replay-log';
import { markReceived, recordPaint } from './paint-latency';

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'ended' | 'polling' | 'unavailable';

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
}

const initial: RunStream = { view: emptyRunView, status: 'connecting', rejected: 0, appliedAt: 0, lastBatch: [], openedAt: null, log: createReplayLog() };

const eventsJsonSchema = z.object({ events: z.array(z.unknown()) });

/**
 * Follows one run: the SSE stream back-fills every event already recorded and then sends new ones
 * as they are committed, so a finished run and a live one take the same path. Events are applied
 * through the projections' reducer in batches, one per animation frame, and de-duplicated by seq
 * (the reducer ignores seq it has seen), which makes the browser's automatic reconnect
 * (Last-Event-ID) safe. If the stream cannot be opened at all, the run is read from events.json.
 * A null runId follows nothing (the second pane when there is no comparison). Remount it (key)
 * to follow another run.
 */
export function useRunStream(runId: string | null): RunStream {
  const [state, setState] = useState<RunStream>(initial);

  useEffect(() => {
    if (runId === null) return;
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
      setState((s) => ({
        ...s,
        log,
        view,
        status: status ?? (s.status === 'connecting' || s.status === 'reconnecting' ? 'live' : s.status),
        rejected: s.rejected + rejectedNow,
        appliedAt: batch.length ? performance.now() : s.appliedAt,
        lastBatch: batch.length ? batch : s.lastBatch,
      }));
    };

    const take = (raw: unknown) => {
      const parsed = safeParseTraceEvent(raw);
      if (parsed.success) {
        markReceived(parsed.data);
        buffer.push(parsed.data);
      }
      else rejected += 1;
    };

    const schedule = () => {
      if (frame || timer) return;
      // Hidden tabs get no animation frames; a timer keeps the state current for when they return.
      if (document.visibilityState === 'hidden') timer = setTimeout(() => flush(), 250);
      else frame = requestAnimationFrame(() => flush());
    };

    const source = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`);
    source.addEventListener('open', () => {
      const openedAt = Date.now();
      setState((s) => (s.openedAt === null ? { ...s, openedAt } : s));
    });
    source.addEventListener('trace', (message) => {
      received = true;
      try {
        take(JSON.parse((message as MessageEvent<string>).data));
      } catch {
        rejected += 1;
      }
      schedule();
    });
    source.addEventListener('end', () => {
      source.close();
      cancelAnimationFrame(frame);
      flush('ended');
    });
    source.onerror = () => {
      if (closed) return;
      if (source.readyState === EventSource.CLOSED) {
        // Refused outright (no such route, or not an event stream): read the recorded events instead.
        if (!received) void poll();
        else flush('unavailable');
      } else {
        setState((s) => (s.status === 'ended' ? s : { ...s, status: 'reconnecting' }));
      }
    };

    const poll = async () => {
      try {
        const response = await fetch(`/api/runs/${encodeURIComponent(runId)}/events.json`, { cache: 'no-store' });
        if (!response.ok) throw new Error(String(response.status));
        const { events } = eventsJsonSchema.parse(await response.json());
        events.forEach(take);
        const ended = buffer.some((e) => e.type === 'run.finished' || e.type === 'run.interrupted');
        flush(ended ? 'ended' : 'polling');
        if (!ended && !closed) pollTimer = setTimeout(poll, 1000);
      } catch {
        if (!closed) flush('unavailable');
      }
    };

    return () => {
      closed = true;
      source.close();
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
