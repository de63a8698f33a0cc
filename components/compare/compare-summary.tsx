import type { Divergence } from '@/lib/wire/replay';
import { Badge } from '../ui/badge';
import { Button, Kbd } from '../ui/button';
import { Panel } from '../ui/panel';
import type { countKinds } from './compare-model';

/**
 * The verdict over the aligned rows: identical, the same behaviour, or where they first part (with a
 * button to go there); the counts per kind; and the two filters (bookkeeping too, only differences).
 */
export function CompareSummary({
  identical,
  divergence: d,
  bookkeepingRows,
  counts,
  showBookkeeping,
  onShowBookkeeping,
  onlyDiffs,
  onOnlyDiffs,
  onJump,
}: {
  identical: boolean;
  divergence: Divergence | null;
  bookkeepingRows: number;
  counts: ReturnType<typeof countKinds>;
  showBookkeeping: boolean;
  onShowBookkeeping: (show: boolean) => void;
  onlyDiffs: boolean;
  onOnlyDiffs: (only: boolean) => void;
  onJump: (row: number | null) => void;
}) {
  return (
    <Panel bodyClassName="">
      <div
        className="flex min-h-11 flex-wrap items-center gap-x-3 gap-y-1 px-3 py-1.5 text-xs"
        data-testid="compare-summary"
      >
        {identical ? (
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
            <Button size="sm" onClick={() => onJump(d?.row ?? null)} data-testid="compare-jump">
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
            onChange={(e) => onShowBookkeeping(e.target.checked)}
            className="accent-indigo-600"
            data-testid="compare-bookkeeping"
          />
          bookkeeping too{bookkeepingRows > 0 ? ` (${bookkeepingRows})` : ''}
        </label>
        <label className="flex shrink-0 items-center gap-1 text-[11px] text-zinc-600 dark:text-zinc-400">
          <input
            type="checkbox"
            checked={onlyDiffs}
            onChange={(e) => onOnlyDiffs(e.target.checked)}
            className="accent-indigo-600"
            data-testid="compare-only-diffs"
          />
          only differences
        </label>
      </div>
    </Panel>
  );
}
