'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GraphState } from '@/lib/trace/projections/graph';
import type { ComparedSide } from '@/lib/wire/compare';
import type { Divergence, GraphDiff as GraphDiffLists } from '@/lib/wire/replay';
import { isTyping, plainKey } from '../ui/keys';
import { Panel } from '../ui/panel';
import { asShown, countKinds, nextDifference, visibleRows, type CompactRow } from './compare-model';
import { CompareGraphs } from './compare-graphs';
import { CompareRows } from './compare-rows';
import { CompareSummary } from './compare-summary';
import { RowDetails } from './row-details';
import { RunCard } from './run-card';

export interface CompareData {
  a: ComparedSide;
  b: ComparedSide;
  identical: boolean;
  /** The first row that differs at all (bookkeeping too). */
  firstDivergence: Divergence | null;
  /** The first row where an agent did something else: what the page leads with. */
  firstBehaviouralDivergence: Divergence | null;
  rows: CompactRow[];
  graph: GraphDiffLists;
  /** Each run's agent graph (folded on the server). */
  graphs: { a: GraphState; b: GraphState };
}

/**
 * /compare: two runs side by side, aligned step by step (lib/replay/compare), the first divergence
 * marked and scrolled to, every row's two events on demand, and the structural diff of the agent
 * graphs (edges added, removed, changed) beside both graphs. The selected row is in the URL (?row=).
 */
export function CompareView({ data, initialRow }: { data: CompareData; initialRow: number | null }) {
  // Bookkeeping (which fault rule fired, the run's setup) hidden by default: the page is about what the agents did.
  const [showBookkeeping, setShowBookkeeping] = useState(false);
  const rows = useMemo(() => asShown(data.rows, showBookkeeping), [data.rows, showBookkeeping]);
  const firstDivergence = showBookkeeping ? data.firstDivergence : data.firstBehaviouralDivergence;
  const bookkeepingRows = useMemo(() => data.rows.filter((r) => r.bookkeeping).length, [data.rows]);
  const counts = useMemo(() => countKinds(rows), [rows]);
  const [onlyDiffs, setOnlyDiffs] = useState(false);
  const visible = useMemo(() => visibleRows(rows, onlyDiffs), [rows, onlyDiffs]);
  const [selected, setSelected] = useState<number | null>(initialRow ?? firstDivergence?.row ?? null);
  const [scrollKey, setScrollKey] = useState(0);

  const choose = useCallback((row: number | null) => {
    setSelected(row);
    setScrollKey((k) => k + 1);
  }, []);

  useEffect(() => {
    const url = new URL(window.location.href);
    if (selected === null) url.searchParams.delete('row');
    else url.searchParams.set('row', String(selected));
    window.history.replaceState(null, '', url);
  }, [selected]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || !plainKey(e)) return;
      const at = selected === null ? -1 : visible.indexOf(selected);
      const moves: Record<string, () => number | null> = {
        n: () => nextDifference(rows, selected ?? -1, 1),
        p: () => nextDifference(rows, selected ?? rows.length, -1),
        f: () => firstDivergence?.row ?? null,
        j: () => visible[Math.min(visible.length - 1, at + 1)] ?? null,
        ArrowDown: () => visible[Math.min(visible.length - 1, at + 1)] ?? null,
        k: () => visible[Math.max(0, at - 1)] ?? null,
        ArrowUp: () => visible[Math.max(0, at - 1)] ?? null,
      };
      const move = moves[e.key];
      if (!move) return;
      const next = move();
      if (next === null) return;
      e.preventDefault();
      if (onlyDiffs && rows[next].kind === 'same') setOnlyDiffs(false);
      choose(next);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, visible, selected, firstDivergence, onlyDiffs, choose]);

  const d = firstDivergence;
  return (
    <div className="space-y-3" data-testid="compare" data-identical={data.identical}>
      <div className="flex flex-wrap items-baseline gap-x-3">
        <h1 className="text-lg font-semibold">Compare</h1>
        <p className="text-xs text-zinc-500">
          Two runs aligned step by step; clock readings (timestamps, latencies, durations) are set aside.
        </p>
      </div>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-3 lg:grid-cols-2">
        <RunCard side="A" data={data.a} other={data.b.run} />
        <RunCard side="B" data={data.b} other={data.a.run} />
      </div>
      <CompareSummary
        identical={data.identical}
        divergence={d}
        bookkeepingRows={bookkeepingRows}
        counts={counts}
        showBookkeeping={showBookkeeping}
        onShowBookkeeping={setShowBookkeeping}
        onlyDiffs={onlyDiffs}
        onOnlyDiffs={setOnlyDiffs}
        onJump={choose}
      />
      <div className="grid grid-cols-[minmax(0,1fr)] gap-3 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
        <Panel title={`Aligned steps · ${visible.length} of ${rows.length} rows`} bodyClassName="h-[520px]">
          <CompareRows
            rows={rows}
            visible={visible}
            selected={selected}
            firstDivergence={firstDivergence?.row ?? null}
            onSelect={choose}
            scrollKey={scrollKey}
          />
        </Panel>
        <Panel title="Row" bodyClassName="h-[520px]">
          <RowDetails
            a={data.a.run.id}
            b={data.b.run.id}
            row={selected === null ? undefined : data.rows[selected]}
            index={selected}
          />
        </Panel>
      </div>
      <CompareGraphs graph={data.graph} graphs={data.graphs} />
    </div>
  );
}
