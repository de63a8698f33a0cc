'use client';

import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { timeline } from '@/lib/trace/projections/timeline';
import type { SpanState } from '@/lib/trace/projections/spans';
import { formatDuration } from '../ui/format';
import { BAR_COLOR, KIND_GLYPH, axisTicks, spanTitle } from './span-label';
import { ROW_HEIGHT, followScrollTop } from './timeline-scroll';

interface Props {
  spans: SpanState;
  /** Where open spans end: the live clock, or undefined for a finished run. */
  now: number | undefined;
  live: boolean;
  selectedSpanId: string | null;
  onSelect: (spanId: string) => void;
  /** Narrower labels and fewer ticks, for two runs side by side. */
  compact?: boolean;
}

/**
 * The waterfall: one row per span, depth-first, bars on the run's time axis. Virtualised, so a
 * run of thousands of events scrolls as smoothly as a short one; rows have a fixed height, so
 * nothing shifts as events stream in.
 */
export function Timeline({ spans, now, live, selectedSpanId, onSelect, compact = false }: Props) {
  const LABEL_WIDTH = compact ? 230 : 300;
  const data = useMemo(() => timeline(spans, now), [spans, now]);
  const rows = data.rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  // A deep link to a span opens on that span rather than following the newest one.
  const [follow, setFollow] = useState(selectedSpanId === null);
  // The app does not use the React Compiler, so its memoisation caveat does not apply here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const indexById = useMemo(() => new Map(rows.map((r, i) => [r.spanId, i])), [rows]);
  const newest = spans.order[spans.order.length - 1];

  // While live, keep the span that started last in view (until the user scrolls away, or while a span is
  // selected: a person who picked one is looking at it, so the newest rows must not scroll it away). Plain arithmetic
  // on the fixed row height and the offsets the virtualizer already tracks from scroll and resize
  // events: its scrollToIndex reads scrollHeight (a forced layout) and retries over frames, which on
  // a streaming run made every frame a long task.
  useEffect(() => {
    const el = scrollRef.current;
    const index = newest ? indexById.get(newest) : undefined;
    if (!live || !follow || selectedSpanId !== null || index === undefined || !el) return;
    const target = followScrollTop(index, virtualizer.scrollOffset ?? 0, virtualizer.scrollRect?.height ?? 0);
    if (target !== null) el.scrollTop = target;
  }, [live, follow, selectedSpanId, newest, indexById, virtualizer]);

  // Scroll to the selection when it changes, or when its row first arrives (a deep link opened
  // before the events), but not again on every new row.
  const selectedKnown = selectedSpanId !== null && indexById.has(selectedSpanId);
  useEffect(() => {
    const index = selectedSpanId ? indexById.get(selectedSpanId) : undefined;
    if (index !== undefined) virtualizer.scrollToIndex(index, { align: 'auto' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedSpanId, selectedKnown]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (rows.length === 0) return;
    const current = selectedSpanId ? (indexById.get(selectedSpanId) ?? -1) : -1;
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      j: current + 1,
      ArrowUp: current - 1,
      k: current - 1,
      Home: 0,
      End: rows.length - 1,
      PageDown: current + 10,
      PageUp: current - 10,
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    setFollow(false);
    const next = Math.max(0, Math.min(rows.length - 1, moves[e.key]));
    onSelect(rows[next].spanId);
  };

  const duration = Math.max(1, data.durationMs);
  const ticks = rows.length ? axisTicks(duration, compact ? 3 : 6) : [];

  return (
    <div className="flex h-full min-h-0 flex-col text-xs" data-testid="timeline">
      <div className="flex h-6 shrink-0 items-end border-b border-zinc-200 dark:border-zinc-800">
        <div className="flex items-center gap-2 px-2 pb-1" style={{ width: LABEL_WIDTH }}>
          <span className="font-mono text-[10px] text-zinc-500" data-testid="timeline-count">
            {/* Room for five digits: " spans" stays put as the count grows. */}
            <span className="inline-block min-w-[5ch]">{rows.length}</span> spans
          </span>
          {live && (
            <label className="ml-auto flex items-center gap-1 text-[10px] text-zinc-500">
              <input
                type="checkbox"
                checked={follow}
                onChange={(e) => setFollow(e.target.checked)}
                className="accent-indigo-600"
              />{' '}
              follow
            </label>
          )}
        </div>
        <div className="relative h-full flex-1 overflow-hidden pr-3">
          {ticks.map((t, i) => (
            // Placed by a transform of a full-width layer, not by `left`: the axis rescales as a live run
            // grows, and moving a label by layout would count as a layout shift.
            <span
              key={t}
              className="absolute inset-y-0 left-0 w-full"
              style={{ transform: `translateX(${(t / duration) * 100}%)` }}
            >
              <span
                className={`absolute bottom-1 left-0 whitespace-nowrap font-mono text-[10px] text-zinc-400 ${i === 0 ? '' : '-translate-x-1/2'}`}
              >
                {formatDuration(t)}
              </span>
            </span>
          ))}
        </div>
      </div>
      <div
        ref={scrollRef}
        tabIndex={0}
        role="listbox"
        aria-label="Spans"
        aria-activedescendant={selectedSpanId ? `span-row-${selectedSpanId}` : undefined}
        onKeyDown={onKeyDown}
        onWheel={() => setFollow(false)}
        className="relative min-h-0 flex-1 overflow-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-500"
      >
        {rows.length === 0 && <p className="p-4 text-center text-zinc-500">Waiting for the first events…</p>}
        {/* One spare row of height: following the newest span scrolls to a row boundary (followScrollTop),
            which at the last row lies past the list's end; without room the browser would clamp it and cut the top row. */}
        <div style={{ height: virtualizer.getTotalSize() + (rows.length ? ROW_HEIGHT : 0), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            const span = spans.spans[row.spanId];
            const selected = row.spanId === selectedSpanId;
            const left = (row.offsetMs / duration) * 100;
            const width = Math.max(0.25, (row.durationMs / duration) * 100);
            return (
              <div
                key={row.spanId}
                id={`span-row-${row.spanId}`}
                role="option"
                aria-selected={selected}
                data-testid="timeline-row"
                data-span-id={row.spanId}
                data-kind={row.kind}
                data-status={row.status}
                data-faults={row.faultCount}
                data-blocked={row.blocked}
                onClick={() => {
                  setFollow(false);
                  onSelect(row.spanId);
                }}
                className={`absolute left-0 flex w-full cursor-pointer items-center ${selected ? 'bg-indigo-100 dark:bg-indigo-950' : 'hover:bg-zinc-100 dark:hover:bg-zinc-800/60'}`}
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <div
                  className="flex min-w-0 items-center gap-1 px-2"
                  style={{ width: LABEL_WIDTH, paddingLeft: 8 + row.depth * 12 }}
                >
                  <span
                    className={`w-3 shrink-0 text-center text-[10px] ${row.status === 'error' ? 'text-red-500' : 'text-zinc-400'}`}
                    aria-hidden
                  >
                    {KIND_GLYPH[row.kind]}
                  </span>
                  <span
                    className={`truncate ${row.kind === 'invoke_agent' ? 'font-semibold' : ''} ${row.status === 'error' ? 'text-red-700 dark:text-red-400' : ''}`}
                  >
                    {spanTitle(row, span)}
                  </span>
                  {row.faultCount > 0 && (
                    <span
                      className="shrink-0 rounded bg-amber-100 px-0.5 text-[10px] text-amber-800 dark:bg-amber-900/60 dark:text-amber-200"
                      title="fault injected"
                      data-testid="timeline-injected"
                    >
                      ⚡
                    </span>
                  )}
                  {row.blocked && (
                    <span
                      className="shrink-0 rounded bg-purple-100 px-0.5 text-[10px] text-purple-800 dark:bg-purple-900/60 dark:text-purple-200"
                      title="blocked by the guard: never reached a service"
                      data-testid="timeline-blocked"
                    >
                      ⛔
                    </span>
                  )}
                  {row.open && (
                    <span className="size-1.5 shrink-0 animate-pulse rounded-full bg-indigo-500" aria-label="running" />
                  )}
                  {/* A fixed box, text from its left edge: a growing duration moves nothing. */}
                  <span className="ml-auto w-11 shrink-0 pl-1 font-mono text-[10px] text-zinc-400">
                    {formatDuration(row.durationMs)}
                  </span>
                </div>
                <div className="relative h-full flex-1 overflow-hidden pr-3">
                  {/* The bar's start is a transform of a full-width layer (see the axis): rescaling moves no layout. */}
                  <div className="absolute inset-y-0 left-0 w-full" style={{ transform: `translateX(${left}%)` }}>
                    <div
                      className={`absolute top-1/2 left-0 h-2.5 -translate-y-1/2 rounded-sm ${row.blocked ? 'bg-purple-500' : row.status === 'error' ? 'bg-red-500' : BAR_COLOR[row.kind]} ${row.open ? 'animate-pulse' : ''} ${row.faultCount > 0 ? 'ring-2 ring-amber-400' : ''}`}
                      style={{ width: `${width}%`, minWidth: 2 }}
                    />
                  </div>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
