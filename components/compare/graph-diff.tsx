import type { GraphDiff as GraphDiffLists } from '@/lib/wire/replay';
import { Badge, type Tone } from '../ui/badge';

type Change = 'added' | 'removed' | 'changed';
const TONE: Record<Change, Tone> = { added: 'ok', removed: 'error', changed: 'warn' };
const name = (id: string) => id.replace(/^(agent|service):/, '');

function Delta({ a, b }: { a: number; b: number }) {
  return (
    <span className="font-mono tabular-nums">
      {a} →{' '}
      <span
        className={b > a ? 'text-emerald-700 dark:text-emerald-400' : b < a ? 'text-red-700 dark:text-red-400' : ''}
      >
        {b}
      </span>
    </span>
  );
}

/** The structural diff of the two agent graphs: edges only in B (added), only in A (removed), and with other counts (changed). */
export function GraphDiff({ graph }: { graph: GraphDiffLists }) {
  const rows = (['added', 'removed', 'changed'] as const).flatMap((change) =>
    graph[change].map((edge) => ({ change, edge })),
  );
  return (
    <div data-testid="graph-diff">
      <p className="flex items-center gap-3 px-3 py-2 text-xs" data-testid="graph-diff-counts">
        <span>
          <span className="font-mono font-semibold text-emerald-700 dark:text-emerald-400">+{graph.added.length}</span>{' '}
          edges added
        </span>
        <span>
          <span className="font-mono font-semibold text-red-700 dark:text-red-400">−{graph.removed.length}</span>{' '}
          removed
        </span>
        <span>
          <span className="font-mono font-semibold text-amber-700 dark:text-amber-400">~{graph.changed.length}</span>{' '}
          changed
        </span>
      </p>
      {rows.length === 0 ? (
        <p className="px-3 pb-3 text-xs text-zinc-500">
          Same edges, same counts: the two runs talked to the same agents and services the same number of times.
        </p>
      ) : (
        <table className="w-full text-xs">
          <thead className="text-left text-[11px] uppercase tracking-wide text-zinc-500">
            <tr className="border-y border-zinc-200 dark:border-zinc-800">
              <th className="px-3 py-1 font-medium">Edge</th>
              <th className="w-20 px-2 py-1 font-medium">Change</th>
              <th className="w-24 px-2 py-1 text-right font-medium">Calls A → B</th>
              <th className="w-24 px-3 py-1 text-right font-medium">Errors A → B</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {rows.map(({ change, edge }) => (
              <tr key={edge.id} data-testid="graph-diff-edge" data-change={change} data-edge-id={edge.id}>
                <td className="truncate px-3 py-1" title={edge.id}>
                  {name(edge.source)} → {name(edge.target)}
                </td>
                <td className="px-2 py-1">
                  <Badge tone={TONE[change]}>{change}</Badge>
                </td>
                <td className="px-2 py-1 text-right">
                  <Delta a={edge.countA} b={edge.countB} />
                </td>
                <td className="px-3 py-1 text-right">
                  <Delta a={edge.errorsA} b={edge.errorsB} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
