import Link from 'next/link';
import type { RunListItem } from '@/lib/store/run-list';
import { StatusBadge } from '../ui/badge';
import { formatDateTime, formatDuration, shortId } from '../ui/format';

/** Recent runs, newest first; a row opens the run. */
export function RunTable({ runs }: { runs: RunListItem[] }) {
  if (runs.length === 0) {
    return (
      <p className="px-3 py-8 text-center text-sm text-zinc-500" data-testid="runs-empty">
        No runs yet. <Link href="/" className="text-indigo-600 hover:underline dark:text-indigo-400">Place an order</Link> to start one.
      </p>
    );
  }
  return (
    <table className="w-full table-fixed text-xs" data-testid="run-table">
      <thead className="text-left text-[11px] uppercase tracking-wide text-zinc-500">
        <tr className="border-b border-zinc-200 dark:border-zinc-800">
          <th className="w-28 px-3 py-1.5 font-medium">Status</th>
          <th className="w-40 px-2 py-1.5 font-medium">Customer</th>
          <th className="w-24 px-2 py-1.5 font-medium">Mode</th>
          <th className="w-44 px-2 py-1.5 font-medium">Model</th>
          <th className="w-40 px-2 py-1.5 font-medium">Started (UTC)</th>
          <th className="w-20 px-2 py-1.5 text-right font-medium">Duration</th>
          <th className="w-24 px-2 py-1.5 text-right font-medium">Err / ⚡</th>
          <th className="px-2 py-1.5 font-medium">Outcome</th>
          <th className="w-32 px-3 py-1.5 font-medium">Run</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {runs.map((r) => (
          <tr key={r.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40" data-testid="run-row" data-run-id={r.id} data-status={r.status}>
            <td className="px-3 py-1.5"><StatusBadge status={r.status} /></td>
            <td className="truncate px-2 py-1.5">{r.customerName ?? r.customerId ?? '—'}</td>
            <td className="px-2 py-1.5">{r.mode}</td>
            <td className="truncate px-2 py-1.5 font-mono text-zinc-500" title={r.model}>{r.model}</td>
            <td className="whitespace-nowrap px-2 py-1.5 font-mono text-zinc-500">{formatDateTime(r.startedAt)}</td>
            <td className="px-2 py-1.5 text-right font-mono">{formatDuration(r.durationMs)}</td>
            <td className="px-2 py-1.5 text-right font-mono">
              <span className={r.errorCount ? 'text-red-600 dark:text-red-400' : 'text-zinc-400'}>{r.errorCount}</span>
              {' / '}
              <span className={r.faultCount ? 'text-amber-600 dark:text-amber-400' : 'text-zinc-400'}>{r.faultCount}</span>
            </td>
            <td className="truncate px-2 py-1.5" title={r.outcome}>{r.outcome}</td>
            <td className="whitespace-nowrap px-3 py-1.5">
              <Link href={`/runs/${encodeURIComponent(r.id)}`} className="font-mono text-indigo-600 hover:underline dark:text-indigo-400" title={r.id}>
                {shortId(r.id)} →
              </Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
