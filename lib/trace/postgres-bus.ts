import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PrismaClient } from '@/lib/db/client';
import type { InProcessTraceBus } from './bus';
import { loadEvents } from './event-log';
import { isRunEnd, type TraceEvent } from './events';
import { serialQueries } from '@/lib/db/serial-queries';

/**
 * The trace bus across processes, on PostgreSQL LISTEN/NOTIFY. Each instance keeps its in-process bus
 * (callers are unchanged); this bridge taps it and, once per turn, sends one NOTIFY naming the seq
 * range each run just committed here (`instance|runId:from-to;…`: ids and numbers only, so the
 * 8000-byte payload limit never matters). Every other instance reads those events from the table and
 * publishes them on its own bus: in seq order, each once, gap-free (a range that starts past what it
 * delivered is read from the seq after). Runs nobody on that instance watches are not read at all.
 *
 * The recorder publishes after COMMIT, so an event is in the table before any NOTIFY names it.
 */

export const TRACE_CHANNEL = 'aco_trace';
/** PostgreSQL's NOTIFY payload limit is 8000 bytes: ranges are sent in payloads below it. */
const MAX_PAYLOAD = 7_000;
const FORGET_ENDED_RUN_MS = 60_000;

export interface PostgresBusBridge {
  readonly instanceId: string;
  /** Resolves when every range received so far has been delivered (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

interface RunRange {
  from: number;
  to: number;
}

/** `instance|runId:from-to;…` → the ranges, or null for a payload this bridge did not write. */
export function parseTracePayload(payload: string): { instance: string; ranges: Map<string, RunRange> } | null {
  const bar = payload.indexOf('|');
  if (bar <= 0) return null;
  const ranges = new Map<string, RunRange>();
  for (const part of payload.slice(bar + 1).split(';')) {
    const match = /^(.+):(\d+)-(\d+)$/.exec(part);
    if (!match) return null;
    ranges.set(match[1], { from: Number(match[2]), to: Number(match[3]) });
  }
  return { instance: payload.slice(0, bar), ranges };
}

export function formatTracePayloads(instance: string, ranges: Map<string, RunRange>): string[] {
  const payloads: string[] = [];
  let parts: string[] = [];
  let size = instance.length + 1;
  for (const [runId, { from, to }] of ranges) {
    const part = `${runId}:${from}-${to}`;
    if (parts.length > 0 && size + part.length + 1 > MAX_PAYLOAD) {
      payloads.push(`${instance}|${parts.join(';')}`);
      parts = [];
      size = instance.length + 1;
    }
    parts.push(part);
    size += part.length + 1;
  }
  if (parts.length > 0) payloads.push(`${instance}|${parts.join(';')}`);
  return payloads;
}

export interface PostgresBusOptions {
  db: PrismaClient;
  bus: InProcessTraceBus;
  /** The database URL (with its credentials): the LISTEN connection and the NOTIFY connection are the bridge's own. */
  url: string;
  onError?: (error: unknown) => void;
}

export async function attachPostgresBus(options: PostgresBusOptions): Promise<PostgresBusBridge> {
  const { db, bus, url } = options;
  const onError =
    options.onError ??
    ((error: unknown) =>
      console.error('[trace-bus] PostgreSQL LISTEN/NOTIFY:', error instanceof Error ? error.message : error));
  const instanceId = randomUUID();
  const listener = new pg.Client({ connectionString: url });
  const notifier = new pg.Client({ connectionString: url });
  await Promise.all([listener.connect(), notifier.connect()]);
  listener.on('error', onError);
  notifier.on('error', onError);
  const notifications = serialQueries(notifier);

  /** Events that came from another instance: published here, never sent back out. */
  const remote = new WeakSet<TraceEvent>();
  /** The newest seq delivered here per run (from anywhere), so nothing is delivered twice or skipped. */
  const delivered = new Map<string, number>();
  /** An ended run is forgotten a while later (a late range of it is then still recognised). */
  const forgetLater = (runId: string) => {
    setTimeout(() => delivered.delete(runId), FORGET_ENDED_RUN_MS).unref();
  };
  /** Per run, the delivery in flight: ranges of one run are read one after the other. */
  const chains = new Map<string, Promise<void>>();

  let outgoing = new Map<string, RunRange>();
  let flushScheduled = false;
  const flush = () => {
    flushScheduled = false;
    const ranges = outgoing;
    outgoing = new Map();
    for (const payload of formatTracePayloads(instanceId, ranges)) {
      notifications.query('SELECT pg_notify($1, $2)', [TRACE_CHANNEL, payload]).catch(onError);
    }
  };

  bus.setTap((event) => {
    if (remote.has(event)) return;
    delivered.set(event.runId, Math.max(delivered.get(event.runId) ?? 0, event.seq));
    if (isRunEnd(event)) forgetLater(event.runId);
    const range = outgoing.get(event.runId);
    if (range) range.to = Math.max(range.to, event.seq);
    else outgoing.set(event.runId, { from: event.seq, to: event.seq });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });

  const deliver = async (runId: string, range: RunRange) => {
    const last = delivered.get(runId);
    if (last !== undefined && range.to <= last) return;
    // Nobody here watches this run: nothing to read. What was delivered is forgotten, and a later
    // subscriber back-fills from the table itself (the SSE route does).
    if (!bus.isWatched(runId)) {
      delivered.delete(runId);
      return;
    }
    const afterSeq = last !== undefined ? last : range.from - 1;
    const events = (await loadEvents(db, runId, { afterSeq })).filter((e) => e.seq <= range.to);
    for (const event of events) {
      remote.add(event);
      delivered.set(runId, event.seq);
      bus.publish(event);
      if (isRunEnd(event)) forgetLater(runId);
    }
  };

  listener.on('notification', (message) => {
    if (message.channel !== TRACE_CHANNEL || !message.payload) return;
    const parsed = parseTracePayload(message.payload);
    if (!parsed || parsed.instance === instanceId) return;
    for (const [runId, range] of parsed.ranges) {
      const next = (chains.get(runId) ?? Promise.resolve()).then(() => deliver(runId, range)).catch(onError);
      chains.set(runId, next);
      void next.finally(() => {
        if (chains.get(runId) === next) chains.delete(runId);
      });
    }
  });
  await listener.query(`LISTEN ${TRACE_CHANNEL}`);

  return {
    instanceId,
    async idle() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
    async close() {
      bus.setTap(null);
      if (flushScheduled) flush();
      await notifications.settled();
      await Promise.all([listener.end().catch(() => undefined), notifier.end().catch(() => undefined)]);
    },
  };
}
