'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { Fragment, memo, useRef, type KeyboardEvent } from 'react';
import type { HistoryRun, RunMatches } from '../api/history';
import { Badge, StatusBadge } from '../ui/badge';
import { formatDateTime, formatDuration, formatUsd, shortId } from '../ui/format';
import type { Order, Sort } from './history-url';
import { SearchMatch } from './search-match';

export const runHref = (id: string) => `/runs/${encodeURIComponent(id)}`;

const COLUMNS: { label: string; className: string; sort?: Sort }[] = [
  { label: 'Status', className: 'w-24 px-3' },
  { label: 'Started (UTC)', className: 'w-36', sort: 'startedAt' },
  { label: 'Customer', className: 'w-32' },
  { label: 'Mode', className: 'w-24' },
  { label: 'Model', className: 'w-28' },
  { label: 'Outcome', className: '' },
  { label: 'Duration', className: 'w-20 text-right', sort: 'duration' },
  { label: 'Steps', className: 'w-14 text-right', sort: 'steps' },
  { label: 'Tokens', className: 'w-20 text-right', sort: 'tokens' },
  { label: 'Cost', className: 'w-16 text-right', sort: 'cost' },
  { label: 'Err', className: 'w-10 text-right' },
  { label: 'Faults hit', className: 'w-36' },
  { label: 'Run', className: 'w-32 px-3' },
];

/** How a run came to be: a re-run or a fork of another (with the step it was forked at). */
function Lineage({ run }: { run: HistoryRun }) {
  if (!run.parentRunId) return null;
  return (
    <Link
      href={runHref(run.parentRunId)}
      className="block truncate text-[10px] text-zinc-500 hover:text-indigo-600 dark:hover:text-indigo-400"
      title={`${run.forkedAtSeq !== null ? `fork at step ${run.forkedAtSeq}` : 're-run'} of run ${run.parentRunId}`}
      data-testid="run-parent"
      onClick={(e) => e.stopPropagation()}
    >
      ↳ {run.forkedAtSeq !== null ? `fork @${run.forkedAtSeq}` : 're-run'} of {shortId(run.parentRunId, 6)}
    </Link>
  );
}

const HistoryRow = memo(function HistoryRow({ run }: { run: HistoryRun }) {
  const live = run.status === 'running';
  return (
    <>
      <td className="px-3">
        <StatusBadge status={run.status} />
      </td>
      <td className="whitespace-nowrap font-mono text-zinc-500">{formatDateTime(run.startedAt)}</td>
      <td className="truncate" title={run.customerName ?? run.customerId ?? ''}>
        {run.customerName ?? run.customerId ?? '—'}
      </td>
      <td
        className="truncate"
        title={run.source === 'otlp' ? "Another agent system's trace, ingested over OTLP" : undefined}
      >
        {run.source === 'otlp' ? 'OTLP' : run.mode === 'orchestrator' ? 'orchestrator' : 'agents'}
      </td>
      <td className="truncate font-mono text-zinc-500" title={run.model}>
        {run.model}
      </td>
      {/* Wrapped in full: an outcome is the one sentence saying why (a tooltip alone is out of reach on touch). */}
      <td className="!py-1 leading-snug break-words whitespace-normal" data-testid="run-outcome">
        {run.outcome || (live ? <span className="text-zinc-400">in progress…</span> : '—')}
      </td>
      <td className="text-right font-mono tabular-nums">{formatDuration(run.durationMs)}</td>
      <td className="text-right font-mono tabular-nums">{run.stepCount}</td>
      <td className="text-right font-mono tabular-nums" title={`${run.inputTokens} in · ${run.outputTokens} out`}>
        {run.tokens.toLocaleString('en-US')}
      </td>
      <td className="text-right font-mono tabular-nums">{formatUsd(run.costUsd)}</td>
      <td
        className={`text-right font-mono tabular-nums ${run.errorCount ? 'text-red-600 dark:text-red-400' : 'text-zinc-400'}`}
      >
        {run.errorCount}
        {run.blockedCount > 0 && (
          <span
            className="ml-1 text-purple-600 dark:text-purple-400"
            title={`${run.blockedCount} attempts blocked by the guard`}
            data-testid="run-blocked"
          >
            ⛔{run.blockedCount}
          </span>
        )}
      </td>
      <td className="overflow-hidden" title={run.faultKinds.join(', ')}>
        <span className="flex gap-1 overflow-hidden">
          {run.faultKinds.length === 0 ? (
            <span className="text-zinc-400">—</span>
          ) : (
            run.faultKinds.map((k) => (
              <Badge key={k} tone="fault">
                ⚡{k}
              </Badge>
            ))
          )}
        </span>
      </td>
      <td className="px-3">
        <Link
          href={runHref(run.id)}
          className="font-mono text-indigo-600 hover:underline dark:text-indigo-400"
          title={run.id}
          data-testid="run-link"
        >
          {shortId(run.id)} →
        </Link>
        <Lineage run={run} />
      </td>
    </>
  );
});

/**
 * The runs, dense: one row each, at least 36 px (taller only when its outcome wraps). Rows are a
 * keyboard list: ↑/↓ or j/k move, Enter opens. A searched list adds under each run where it matched.
 */
export function HistoryTable({
  runs,
  matches,
  sort,
  order,
  onSort,
}: {
  runs: HistoryRun[];
  matches?: Record<string, RunMatches>;
  sort: Sort;
  order: Order;
  onSort: (sort: Sort, order: Order) => void;
}) {
  const router = useRouter();
  const body = useRef<HTMLTableSectionElement>(null);

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const rows = Array.from(body.current?.querySelectorAll<HTMLTableRowElement>('tr[data-run-id]') ?? []);
    const current = rows.indexOf(document.activeElement as HTMLTableRowElement);
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      j: current + 1,
      ArrowUp: current - 1,
      k: current - 1,
      Home: 0,
      End: rows.length - 1,
    };
    if (e.key === 'Enter' && current >= 0) {
      router.push(runHref(rows[current].dataset.runId ?? ''));
      return;
    }
    if (!(e.key in moves) || rows.length === 0) return;
    e.preventDefault();
    rows[Math.max(0, Math.min(rows.length - 1, moves[e.key]))].focus();
  };

  return (
    <table className="w-full min-w-[1200px] table-fixed text-xs" data-testid="run-table">
      <thead className="text-left text-[11px] uppercase tracking-wide text-zinc-500">
        <tr className="h-8 border-b border-zinc-200 dark:border-zinc-800">
          {COLUMNS.map((c) => {
            const active = c.sort === sort;
            return (
              <th
                key={c.label}
                className={`px-2 font-medium ${c.className}`}
                aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                {c.sort ? (
                  <button
                    type="button"
                    // The first click sorts by the column, largest/newest first; the next turns it round.
                    onClick={() => onSort(c.sort!, active && order === 'desc' ? 'asc' : 'desc')}
                    className={`uppercase tracking-wide hover:text-zinc-900 dark:hover:text-zinc-100 ${active ? 'text-zinc-900 dark:text-zinc-100' : ''}`}
                    data-testid={`sort-${c.sort}`}
                  >
                    {c.label}
                    <span className={`ml-0.5 ${active ? '' : 'invisible'}`} aria-hidden>
                      {order === 'asc' ? '↑' : '↓'}
                    </span>
                  </button>
                ) : (
                  c.label
                )}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody
        ref={body}
        onKeyDown={onKeyDown}
        className="divide-y divide-zinc-100 dark:divide-zinc-800 [&_td]:px-2 [&_td]:py-0"
      >
        {runs.map((r) => (
          <Fragment key={r.id}>
            <tr
              tabIndex={0}
              className={`h-9 cursor-pointer align-middle ${matches ? 'border-b-0' : ''} hover:bg-zinc-50 focus-visible:bg-indigo-50 focus-visible:outline-none dark:hover:bg-zinc-800/40 dark:focus-visible:bg-indigo-950/60`}
              data-testid="run-row"
              data-run-id={r.id}
              data-status={r.status}
              data-parent-run-id={r.parentRunId ?? undefined}
              onClick={(e) => {
                if (!(e.target instanceof Element && e.target.closest('a'))) router.push(runHref(r.id));
              }}
            >
              <HistoryRow run={r} />
            </tr>
            {matches && (
              <tr className="border-t-0" data-testid="run-match-row" data-run-id-matched={r.id}>
                <td colSpan={COLUMNS.length} className="!px-3 !pb-1.5 text-[11px]">
                  <SearchMatch runHref={runHref(r.id)} matches={matches[r.id]} />
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
