'use client';

import { useMemo } from 'react';
import { Badge } from '../ui/badge';
import { Kbd } from '../ui/button';
import { JsonView } from '../ui/json-view';
import { differingPaths, type CompactRow } from './compare-model';
import { useComparedRow } from './use-compared-row';

/** The selected row: both events whole (fetched on demand), and the paths where a changed pair differs. */
export function RowDetails({
  a,
  b,
  row,
  index,
}: {
  a: string;
  b: string;
  row: CompactRow | undefined;
  index: number | null;
}) {
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
