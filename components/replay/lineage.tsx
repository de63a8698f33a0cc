import Link from 'next/link';
import { compareHref } from '../api/replay';
import { StatusBadge } from '../ui/badge';
import { shortId } from '../ui/format';

import type { LineageLink, RunLineage } from '@/lib/history/lineage';

export type { LineageLink, RunLineage };

const runHref = (id: string) => `/runs/${encodeURIComponent(id)}`;
export const lineageKind = (forkedAtSeq: number | null) => (forkedAtSeq === null ? 're-run' : `fork @${forkedAtSeq}`);

/** Where a run came from and what came of it: its parent, and its re-runs and forks (each with a compare link). */
export function Lineage({ runId, lineage }: { runId: string; lineage: RunLineage }) {
  const { parent, children } = lineage;
  if (!parent && children.length === 0) return null;
  return (
    <div className="flex min-w-0 items-center gap-2 text-[11px]" data-testid="lineage">
      {parent && (
        <span
          className="flex items-center gap-1 whitespace-nowrap"
          data-testid="lineage-parent"
          data-run-id={parent.id}
        >
          <span className="text-zinc-500">{lineageKind(parent.forkedAtSeq)} of</span>
          <Link
            href={runHref(parent.id)}
            className="font-mono text-indigo-600 hover:underline dark:text-indigo-400"
            title={parent.id}
          >
            {shortId(parent.id)}
          </Link>
          <Link href={compareHref(parent.id, runId)} className="text-indigo-600 hover:underline dark:text-indigo-400">
            compare
          </Link>
        </span>
      )}
      {children.length > 0 && (
        <details className="relative" data-testid="lineage-children">
          <summary className="cursor-pointer whitespace-nowrap text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
            {children.length} re-run{children.length === 1 ? '' : 's'}/fork{children.length === 1 ? '' : 's'}
          </summary>
          <ul className="absolute right-0 z-30 mt-1 max-h-72 w-80 overflow-auto rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-700 dark:bg-zinc-900">
            {children.map((c) => (
              <li
                key={c.id}
                className="flex items-center gap-2 px-1.5 py-1"
                data-testid="lineage-child"
                data-run-id={c.id}
              >
                <StatusBadge status={c.status} />
                <span className="w-16 text-zinc-500">{lineageKind(c.forkedAtSeq)}</span>
                <Link
                  href={runHref(c.id)}
                  className="font-mono text-indigo-600 hover:underline dark:text-indigo-400"
                  title={c.id}
                >
                  {shortId(c.id)}
                </Link>
                <Link
                  href={compareHref(runId, c.id)}
                  className="ml-auto text-indigo-600 hover:underline dark:text-indigo-400"
                >
                  compare
                </Link>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
