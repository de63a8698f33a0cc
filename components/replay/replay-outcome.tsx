import Link from 'next/link';
import { compareHref, type ReplayResult } from '../api/replay';
import { Badge, StatusBadge } from '../ui/badge';
import { shortId } from '../ui/format';

/** What a re-run or fork produced: its run, whether its trace is identical to the parent's or where it first parts, and the graph diff. */
export function ReplayOutcome({ result }: { result: ReplayResult }) {
  const { comparison: c } = result;
  const d = c.firstDivergence;
  const edges = c.graph.added.length + c.graph.removed.length + c.graph.changed.length;
  return (
    <div
      className="flex min-w-0 items-center gap-2 text-xs"
      data-testid="replay-outcome"
      data-kind={result.kind}
      data-identical={c.identical}
      data-run-id={result.runId}
    >
      <span className="font-medium">{result.kind === 'rerun' ? 'Re-run' : 'Fork'}</span>
      <Link
        href={`/runs/${encodeURIComponent(result.runId)}`}
        className="font-mono text-indigo-600 hover:underline dark:text-indigo-400"
        title={result.runId}
        data-testid="replay-outcome-run"
      >
        {shortId(result.runId)}
      </Link>
      <StatusBadge status={result.status} />
      {c.identical ? (
        <Badge tone="ok" testId="replay-identical">
          ✓ identical trace
        </Badge>
      ) : (
        <span className="flex min-w-0 items-center gap-1 truncate" data-testid="replay-divergence">
          <Badge tone="warn">diverges</Badge>
          <span className="truncate text-zinc-600 dark:text-zinc-400" title={d?.fields.join(', ')}>
            at {d?.seqA !== null && d?.seqA !== undefined ? `#${d.seqA}` : '—'} /{' '}
            {d?.seqB !== null && d?.seqB !== undefined ? `#${d.seqB}` : '—'}
            {d?.fields.length ? ` (${d.fields.slice(0, 3).join(', ')}${d.fields.length > 3 ? '…' : ''})` : ''}
            {edges
              ? ` · graph: +${c.graph.added.length} −${c.graph.removed.length} ~${c.graph.changed.length} edges`
              : ''}
          </span>
        </span>
      )}
      <Link
        href={compareHref(result.parentRunId, result.runId)}
        className="ml-auto shrink-0 text-indigo-600 hover:underline dark:text-indigo-400"
        data-testid="replay-compare"
      >
        compare →
      </Link>
    </div>
  );
}
