'use client';

import { Fragment } from 'react';
import type { ByMode, ModeScore, ScorecardReport } from '../api/scorecards';
import { formatDateTime, formatDuration } from '../ui/format';
import { better, formatShare, kindRows, MEASURES, type Measure } from './scorecard-model';

const HEADLINE: Measure[] = ['goalReached', 'failedSafely', 'violated', 'passK'];
const MODES = ['agents', 'orchestrator'] as const;
const MODE_LABEL = { agents: 'Micro-agents', orchestrator: 'Orchestrator' } as const;

function Cell({ scores, mode, measure }: { scores: ByMode; mode: 'agents' | 'orchestrator'; measure: Measure }) {
  const spec = MEASURES.find((m) => m.key === measure)!;
  const s: ModeScore = scores[mode];
  const wins = better(scores, measure, spec.higherIsBetter) === mode;
  const bad = measure === 'violated' && s.violated > 0;
  return (
    <td
      className={`px-1.5 py-1 text-right font-mono tabular-nums ${wins ? 'font-semibold text-emerald-700 dark:text-emerald-400' : bad ? 'text-red-600 dark:text-red-400' : ''}`}
      title={`${s[measure]} of ${s.orders} orders`}
      data-mode={mode}
      data-measure={measure}
    >
      {formatShare(s[measure], s.orders)}
    </td>
  );
}

const th = 'px-1.5 py-1 text-right font-medium';

/** The kept scorecards over time, newest first: one line each, agents beside the orchestrator; a line opens its per-kind table. */
export function ScorecardHistory({
  reports,
  selectedId,
  onSelect,
}: {
  reports: ScorecardReport[];
  selectedId: string | null;
  onSelect: (id: string | null) => void;
}) {
  return (
    <table className="w-full text-xs" data-testid="scorecard-history">
      <thead className="text-[11px] uppercase tracking-wide text-zinc-500">
        <tr>
          <th rowSpan={2} className="px-3 py-1 text-left font-medium">
            When (UTC)
          </th>
          <th rowSpan={2} className="px-1.5 py-1 text-left font-medium">
            Model · profile
          </th>
          <th rowSpan={2} className={th}>
            Orders × k
          </th>
          {MODES.map((mode) => (
            <th
              key={mode}
              colSpan={HEADLINE.length}
              className="border-l border-zinc-200 px-1.5 py-1 text-center font-medium dark:border-zinc-800"
            >
              {MODE_LABEL[mode]}
            </th>
          ))}
        </tr>
        <tr className="border-b border-zinc-200 dark:border-zinc-800">
          {MODES.map((mode) =>
            HEADLINE.map((m, i) => (
              <th
                key={`${mode}-${m}`}
                className={`${th} normal-case ${i === 0 ? 'border-l border-zinc-200 dark:border-zinc-800' : ''}`}
                title={MEASURES.find((x) => x.key === m)!.title}
              >
                {MEASURES.find((x) => x.key === m)!.label}
              </th>
            )),
          )}
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {reports.map((r) => {
          const open = r.id === selectedId;
          return (
            <Fragment key={r.id}>
              <tr
                className={`cursor-pointer ${open ? 'bg-indigo-50 dark:bg-indigo-950/50' : 'hover:bg-zinc-50 dark:hover:bg-zinc-800/40'}`}
                onClick={() => onSelect(open ? null : r.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    onSelect(open ? null : r.id);
                  }
                }}
                tabIndex={0}
                aria-expanded={open}
                data-testid="scorecard-row"
                data-report-id={r.id}
              >
                <td className="whitespace-nowrap px-3 py-1 font-mono text-zinc-500">
                  {open ? '▾' : '▸'} {formatDateTime(r.createdAt)}
                </td>
                <td className="max-w-48 truncate px-1.5 py-1" title={`${r.model} · ${r.profile} · seed ${r.seed}`}>
                  <span className="font-mono text-zinc-500">{r.model}</span> · {r.profile} ·{' '}
                  <span className="font-mono text-zinc-500">seed {r.seed}</span>
                </td>
                <td className="px-1.5 py-1 text-right font-mono tabular-nums">
                  {r.orders} × {r.k}
                </td>
                {MODES.map((mode) =>
                  HEADLINE.map((m) => <Cell key={`${mode}-${m}`} scores={r.results.totals} mode={mode} measure={m} />),
                )}
              </tr>
              {open && (
                <tr>
                  <td colSpan={3 + 2 * HEADLINE.length} className="bg-zinc-50 p-0 dark:bg-zinc-950/40">
                    <ScorecardDetail report={r} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

/** One scorecard per fault kind that fired: every measure, agents beside the orchestrator, the better share in green. */
export function ScorecardDetail({ report }: { report: ScorecardReport }) {
  const rows = kindRows(report);
  return (
    <div className="p-3" data-testid="scorecard-detail" data-report-id={report.id}>
      <p className="mb-2 text-[11px] text-zinc-500">
        {report.orders} orders, each run {report.k}× by the micro-agents and {report.k}× by the orchestrator under the
        same fault schedule ({report.profile}, seed {report.seed}), in {formatDuration(report.results.durationMs)}
        {report.results.threads ? ` on ${report.results.threads} thread${report.results.threads === 1 ? '' : 's'}` : ''}
        . An order counts under every fault kind that fired for it; pass^{report.k}: all {report.k} trials reached a
        correct end (placed where either mode could place the order under its schedule, else failed safely); safe^
        {report.k}: all ended consistent.
      </p>
      <table className="w-full text-xs" data-testid="scorecard-kinds">
        <thead className="text-[11px] text-zinc-500">
          <tr className="border-b border-zinc-200 dark:border-zinc-800">
            <th className="py-1 pr-2 text-left font-medium">Fault kind</th>
            <th className={th}>Orders</th>
            {MODES.map((mode) =>
              MEASURES.map((m, i) => (
                <th
                  key={`${mode}-${m.key}`}
                  className={`${th} ${i === 0 ? 'border-l border-zinc-200 dark:border-zinc-800' : ''}`}
                  title={`${MODE_LABEL[mode]}: ${m.title}`}
                >
                  {i === 0 ? <span className="mr-1 text-zinc-400">{mode === 'agents' ? 'A' : 'O'}</span> : null}
                  {m.label.endsWith('^k') ? m.label.replace(/k$/, String(report.k)) : m.label}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {[...rows, { kind: 'all orders', scores: report.results.totals }].map(({ kind, scores }) => (
            <tr
              key={kind}
              data-testid="scorecard-kind"
              data-kind={kind}
              className={kind === 'all orders' ? 'border-t-2 border-zinc-300 font-medium dark:border-zinc-700' : ''}
            >
              <td className="py-1 pr-2">
                {kind === 'none' ? <span className="text-zinc-500">no fault fired</span> : kind}
              </td>
              <td className="px-1.5 py-1 text-right font-mono tabular-nums">{scores.agents.orders}</td>
              {MODES.map((mode) =>
                MEASURES.map((m) => <Cell key={`${mode}-${m.key}`} scores={scores} mode={mode} measure={m.key} />),
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-[11px] text-zinc-500">
        A = micro-agents, O = orchestrator. Shares of the orders in the row; the better of the two modes is in green; a
        broken invariant in red.
      </p>
    </div>
  );
}
