'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { CompactRow, RowKind, RowSide } from './compare-model';

const ROW_HEIGHT = 24;

const KIND_STYLE: Record<RowKind, { mark: string; a: string; b: string; title: string }> = {
  same: { mark: '=', a: '', b: '', title: 'the same once clock readings are set aside' },
  changed: {
    mark: '≠',
    a: 'bg-amber-50 dark:bg-amber-950/40',
    b: 'bg-amber-50 dark:bg-amber-950/40',
    title: 'the same kind of step, other content',
  },
  removed: {
    mark: '−',
    a: 'bg-red-50 dark:bg-red-950/40',
    b: 'bg-zinc-100/70 dark:bg-zinc-800/40',
    title: 'only in A',
  },
  added: {
    mark: '+',
    a: 'bg-zinc-100/70 dark:bg-zinc-800/40',
    b: 'bg-emerald-50 dark:bg-emerald-950/40',
    title: 'only in B',
  },
};

const MARK_COLOR: Record<RowKind, string> = {
  same: 'text-zinc-300 dark:text-zinc-600',
  changed: 'text-amber-600 dark:text-amber-400',
  removed: 'text-red-600 dark:text-red-400',
  added: 'text-emerald-600 dark:text-emerald-400',
};

function Cell({ side, className }: { side: RowSide | null; className: string }) {
  if (!side) return <div className={`h-full ${className}`} />;
  return (
    <div className={`flex h-full min-w-0 items-center gap-2 px-2 ${className}`}>
      <span className="w-10 shrink-0 text-right font-mono text-[10px] text-zinc-400">#{side.seq}</span>
      <span className={`truncate ${side.failed ? 'text-red-700 dark:text-red-400' : ''}`} title={side.label}>
        {side.label}
      </span>
    </div>
  );
}

/** A row that differs only in bookkeeping, shown while bookkeeping is hidden: drawn as the same, marked ≈. */
const BOOKKEEPING = {
  mark: '≈',
  title: 'differs only in bookkeeping (which fault rule fired, the run’s setup, a model’s wording): the same behaviour',
};

const Row = memo(function Row({
  row,
  index,
  selected,
  first,
}: {
  row: CompactRow;
  index: number;
  selected: boolean;
  first: boolean;
}) {
  const style = KIND_STYLE[row.kind];
  const quiet = row.kind === 'same' && row.bookkeeping;
  return (
    <>
      <span className="pr-2 text-right font-mono text-[10px] text-zinc-400">{index + 1}</span>
      <Cell side={row.a} className={style.a} />
      <span
        className={`text-center font-mono font-bold ${quiet ? 'text-zinc-400' : MARK_COLOR[row.kind]}`}
        title={quiet ? BOOKKEEPING.title : style.title}
      >
        {quiet ? BOOKKEEPING.mark : style.mark}
      </span>
      <Cell side={row.b} className={style.b} />
      {/* A column of its own: the mark never covers B's label. */}
      <span className="flex justify-end pr-1">
        {first && (
          <span
            className="rounded bg-amber-500 px-1 text-[10px] font-semibold whitespace-nowrap text-white"
            data-testid="first-divergence-mark"
            title="first divergence"
          >
            <span className="hidden sm:inline">first divergence</span>
            <span className="sm:hidden">1st</span>
          </span>
        )}
      </span>
      {selected && (
        <span className="pointer-events-none absolute inset-0 ring-2 ring-inset ring-indigo-500" aria-hidden />
      )}
    </>
  );
});

/**
 * The two traces aligned step by step: A on the left, B on the right, one row per aligned pair
 * (virtualised: a run of thousands of events scrolls like a short one). Rows that differ are
 * coloured; the first divergence is marked and scrolled to.
 */
export function CompareRows({
  rows,
  visible,
  selected,
  firstDivergence,
  onSelect,
  scrollKey,
}: {
  rows: readonly CompactRow[];
  visible: number[];
  selected: number | null;
  firstDivergence: number | null;
  onSelect: (row: number) => void;
  scrollKey: number;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The app does not use the React Compiler, so its memoisation caveat does not apply here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
  });

  // Bring the selected row into view when it is chosen (scrollKey counts the choices, so choosing the same row again scrolls too).
  useEffect(() => {
    if (selected === null) return;
    const at = visible.indexOf(selected);
    if (at !== -1) virtualizer.scrollToIndex(at, { align: 'center' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollKey, visible]);

  return (
    <div className="flex h-full min-h-0 flex-col text-xs" data-testid="compare-rows">
      <div className="grid h-7 shrink-0 grid-cols-[36px_minmax(0,1fr)_20px_minmax(0,1fr)_30px] items-center sm:grid-cols-[44px_minmax(0,1fr)_24px_minmax(0,1fr)_92px] border-b border-zinc-200 text-[11px] font-semibold uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
        <span className="pr-2 text-right">row</span>
        <span className="px-2">A</span>
        <span />
        <span className="px-2">B</span>
        <span />
      </div>
      <div
        ref={scrollRef}
        className="relative min-h-0 flex-1 overflow-auto"
        role="listbox"
        aria-label="Aligned steps"
        tabIndex={0}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const index = visible[item.index];
            const row = rows[index];
            return (
              <div
                key={index}
                role="option"
                aria-selected={index === selected}
                data-testid="compare-row"
                data-row={index}
                data-kind={row.kind}
                data-bookkeeping={row.bookkeeping || undefined}
                data-first={index === firstDivergence || undefined}
                onClick={() => onSelect(index)}
                className="absolute left-0 grid w-full cursor-pointer grid-cols-[36px_minmax(0,1fr)_20px_minmax(0,1fr)_30px] items-center sm:grid-cols-[44px_minmax(0,1fr)_24px_minmax(0,1fr)_92px] hover:brightness-95 dark:hover:brightness-125"
                style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
              >
                <Row row={row} index={index} selected={index === selected} first={index === firstDivergence} />
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
