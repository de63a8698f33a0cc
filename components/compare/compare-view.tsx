'use client';

import Link from 'next/link';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ComparedSide } from '@/lib/wire/compare';
import type { Divergence, GraphDiff as GraphDiffLists } from '@/lib/wire/replay';
import type { GraphState } from '@/lib/trace/projections/graph';
import { fetchComparedRow, type ComparedRow } from '../api/compare';
import { errorMessage } from '../api/http';
import type { HistoryRun } from '../api/history';
import { AgentGraph } from '../graph/agent-graph';
import { lineageKind } from '../replay/lineage';
import { Badge, StatusBadge } from '../ui/badge';
import { Button, Kbd } from '../ui/button';
import { formatDuration, formatUsd, shortId } from '../ui/format';
import { JsonView } from '../ui/json-view';
import { isTyping, plainKey } from '../ui/keys';
import { Panel } from '../ui/panel';
import { asShown, countKinds, differingPaths, nextDifference, visibleRows, type CompactRow } from './compare-model';
import { CompareRows } from './compare-rows';
import { GraphDiff } from './graph-diff';

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

const runHref = (id: string) => `/runs/${encodeURIComponent(id)}`;

function RunCard({ side, data, other }: { side: 'A' | 'B'; data: ComparedSide; other: HistoryRun }) {
  const r = data.run;
  const relation = r.parentRunId === other.id ? `${lineageKind(r.forkedAtSeq)} of ${side === 'A' ? 'B' : 'A'}` : null;
  return (
    <Panel bodyClassName="" testId={`compare-run-${side.toLowerCase()}`}>
      <div className="h-[92px] space-y-1 overflow-hidden px-3 py-2" data-run-id={r.id}>
        <p className="flex items-center gap-2">
          <Badge tone="accent">{side}</Badge>
          <span className="truncate text-sm font-semibold">
            {r.mode === 'orchestrator' ? 'Orchestrator' : 'Micro-agents'} checkout for{' '}
            {r.customerName ?? r.customerId ?? 'unknown customer'}
          </span>
          <StatusBadge status={r.status} />
          {relation && <Badge tone="neutral">{relation}</Badge>}
          <Link
            href={runHref(r.id)}
            className="ml-auto shrink-0 font-mono text-xs text-indigo-600 hover:underline dark:text-indigo-400"
            title={r.id}
          >
            {shortId(r.id)} →
          </Link>
        </p>
        <p className="truncate text-xs text-zinc-600 dark:text-zinc-400" title={r.outcome}>
          {r.outcome || '—'}
        </p>
        <p className="flex flex-wrap gap-x-3 text-[11px] text-zinc-500">
          <span>
            <span className="font-mono text-zinc-800 dark:text-zinc-200">{data.events}</span> events
            {data.truncated ? ' (first ones compared)' : ''}
          </span>
          <span>
            <span className="font-mono text-zinc-800 dark:text-zinc-200">{r.stepCount}</span> steps
          </span>
          <span>
            <span className="font-mono text-zinc-800 dark:text-zinc-200">{r.toolCallCount}</span> tool calls
          </span>
          <span>
            <span
              className={`font-mono ${r.errorCount ? 'text-red-600 dark:text-red-400' : 'text-zinc-800 dark:text-zinc-200'}`}
            >
              {r.errorCount}
            </span>{' '}
            errors
          </span>
          <span>
            <span
              className={`font-mono ${r.faultCount ? 'text-amber-600 dark:text-amber-400' : 'text-zinc-800 dark:text-zinc-200'}`}
            >
              {r.faultCount}
            </span>{' '}
            injected
          </span>
          <span className="font-mono">{r.tokens.toLocaleString('en-US')} tokens</span>
          <span className="font-mono">{formatUsd(r.costUsd)}</span>
          <span className="font-mono">{formatDuration(r.durationMs)}</span>
        </p>
        <p className="truncate font-mono text-[11px] text-zinc-400">{r.model}</p>
      </div>
    </Panel>
  );
}

/** Both events of the selected row, fetched when it is picked (the page carries labels only). */
function useComparedRow(a: string, b: string, index: number | null): { row: ComparedRow | null; error: string | null } {
  const [loaded, setLoaded] = useState<{ index: number; row: ComparedRow | null; error: string | null } | null>(null);
  useEffect(() => {
    if (index === null) return;
    let cancelled = false;
    fetchComparedRow(a, b, index).then(
      (row) => !cancelled && setLoaded({ index, row, error: null }),
      (e: unknown) => !cancelled && setLoaded({ index, row: null, error: errorMessage(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [a, b, index]);
  return loaded && loaded.index === index ? loaded : { row: null, error: null };
}

function RowDetails({ a, b, row, index }: { a: string; b: string; row: CompactRow | undefined; index: number | null }) {
  const { row: full, error } = useComparedRow(a, b, row ? index : null);
  const paths = useMemo(
    () => (full?.a && full.b && full.kind === 'changed' ? differingPaths(full.a, full.b) : []),
    [full],
  );
  if (!row || index === null)
    return (
      <p className="p-4 text-xs text-zinc-500">
        Pick a row (click, or <Kbd>j</Kbd>/<Kbd>k</Kbd>) to see both events; <Kbd>n</Kbd>/<Kbd>p</Kbd> jump between
        differences.
      </p>
    );
  return (
    <div
      className="flex h-full min-h-0 flex-col"
      data-testid="compare-details"
      data-row={index}
      data-kind={row.kind}
      data-loaded={full !== null}
    >
      <p className="flex h-8 shrink-0 items-center gap-2 border-b border-zinc-200 px-3 text-xs dark:border-zinc-800">
        <span className="font-medium">Row {index + 1}</span>
        <Badge
          tone={
            row.kind === 'same' ? 'neutral' : row.kind === 'changed' ? 'warn' : row.kind === 'added' ? 'ok' : 'error'
          }
        >
          {row.kind}
        </Badge>
        {row.bookkeeping && <Badge tone="neutral">bookkeeping only</Badge>}
        {paths.length > 0 && (
          <span className="truncate text-zinc-500" data-testid="compare-paths">
            differs in <span className="font-mono text-zinc-800 dark:text-zinc-200">{paths.join(', ')}</span>
          </span>
        )}
        {error && (
          <span className="truncate text-red-600 dark:text-red-400" role="alert">
            {error}
          </span>
        )}
      </p>
      <div className="grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)_minmax(0,1fr)] gap-2 p-2">
        {(['a', 'b'] as const).map((s) => (
          <div key={s} className="flex min-h-0 min-w-0 flex-col gap-1">
            <p className="truncate text-[11px] text-zinc-500">
              {s.toUpperCase()} · {row[s] ? `#${row[s]!.seq} ${row[s]!.label}` : `not in ${s.toUpperCase()}`}
            </p>
            {row[s] &&
              (full?.[s] ? (
                <JsonView value={full[s]!.data} maxHeight="min-h-0 flex-1" />
              ) : (
                <p className="text-[11px] text-zinc-400">{error ? '' : 'Loading…'}</p>
              ))}
          </div>
        ))}
      </div>
    </div>
  );
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
  const { graphs } = data;

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
      <Panel bodyClassName="">
        <div
          className="flex min-h-11 flex-wrap items-center gap-x-3 gap-y-1 px-3 py-1.5 text-xs"
          data-testid="compare-summary"
        >
          {data.identical ? (
            <Badge tone="ok" testId="compare-identical">
              ✓ identical traces
            </Badge>
          ) : !d ? (
            <span className="flex min-w-0 items-center gap-2" data-testid="compare-same-behaviour">
              <Badge tone="ok">✓ same behaviour</Badge>
              <span className="truncate text-zinc-500">
                the agents did the same; {bookkeepingRows} row{bookkeepingRows === 1 ? '' : 's'} differ only in
                bookkeeping
              </span>
            </span>
          ) : (
            <span
              className="flex min-w-0 items-center gap-2"
              data-testid="compare-divergence"
              data-behavioural={!showBookkeeping}
            >
              <Badge tone="warn">{showBookkeeping ? 'first divergence' : 'first change in behaviour'}</Badge>
              <span className="truncate">
                row {(d?.row ?? 0) + 1}: A {d?.seqA !== null && d?.seqA !== undefined ? `#${d.seqA}` : '—'} / B{' '}
                {d?.seqB !== null && d?.seqB !== undefined ? `#${d.seqB}` : '—'}
                {d?.fields.length ? <span className="text-zinc-500"> · {d.fields.join(', ')}</span> : null}
              </span>
              <Button size="sm" onClick={() => choose(d?.row ?? null)} data-testid="compare-jump">
                Go to it <Kbd>f</Kbd>
              </Button>
            </span>
          )}
          <span className="ml-auto flex shrink-0 items-center gap-3 font-mono text-[11px]" data-testid="compare-counts">
            <span className="text-zinc-500">{counts.same} same</span>
            <span className="text-amber-700 dark:text-amber-400">{counts.changed} changed</span>
            <span className="text-emerald-700 dark:text-emerald-400">{counts.added} only in B</span>
            <span className="text-red-700 dark:text-red-400">{counts.removed} only in A</span>
          </span>
          <label
            className="flex shrink-0 items-center gap-1 text-[11px] text-zinc-600 dark:text-zinc-400"
            title="Differences that are not behaviour: which fault rule fired, the run's setup (rules, seed, pace), rule changes, model retries and wording"
          >
            <input
              type="checkbox"
              checked={showBookkeeping}
              onChange={(e) => setShowBookkeeping(e.target.checked)}
              className="accent-indigo-600"
              data-testid="compare-bookkeeping"
            />
            bookkeeping too{bookkeepingRows > 0 ? ` (${bookkeepingRows})` : ''}
          </label>
          <label className="flex shrink-0 items-center gap-1 text-[11px] text-zinc-600 dark:text-zinc-400">
            <input
              type="checkbox"
              checked={onlyDiffs}
              onChange={(e) => setOnlyDiffs(e.target.checked)}
              className="accent-indigo-600"
              data-testid="compare-only-diffs"
            />
            only differences
          </label>
        </div>
      </Panel>
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
      <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-3 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)]">
        <Panel title="Graph diff (B against A)" bodyClassName="max-h-[360px] overflow-auto">
          <GraphDiff graph={data.graph} />
        </Panel>
        {(['a', 'b'] as const).map((side) => (
          <Panel
            key={side}
            title={`Agent graph · ${side.toUpperCase()}`}
            bodyClassName="h-[360px]"
            testId={`compare-graph-${side}`}
          >
            <AgentGraph graph={graphs[side]} selection={null} onSelect={() => {}} live={false} direction="RIGHT" />
          </Panel>
        ))}
      </div>
    </div>
  );
}
