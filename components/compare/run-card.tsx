import Link from 'next/link';
import type { ComparedSide } from '@/lib/wire/compare';
import type { HistoryRun } from '../api/history';
import { lineageKind } from '../replay/lineage';
import { Badge, StatusBadge } from '../ui/badge';
import { formatDuration, formatUsd, shortId } from '../ui/format';
import { Panel } from '../ui/panel';

const runHref = (id: string) => `/runs/${encodeURIComponent(id)}`;

/** One side of the comparison: the run's history line, and how it relates to the other side (its re-run or fork). */
export function RunCard({ side, data, other }: { side: 'A' | 'B'; data: ComparedSide; other: HistoryRun }) {
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
