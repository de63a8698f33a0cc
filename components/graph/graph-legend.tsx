import { memo } from 'react';

/** A line sample in an edge colour (the --edge-* variables agent-graph.tsx sets), dashed like an open call. */
function Line({ color, dashed = false }: { color: string; dashed?: boolean }) {
  return (
    <svg width="18" height="6" aria-hidden className="shrink-0">
      <line
        x1="1"
        y1="3"
        x2="17"
        y2="3"
        stroke={`var(${color})`}
        strokeWidth="2"
        strokeDasharray={dashed ? '4 3' : undefined}
      />
    </svg>
  );
}

const Item = ({ children }: { children: React.ReactNode }) => (
  <span className="flex items-center gap-1">{children}</span>
);

/** What the graph's colours and marks mean: a static key under the graph, the same for every run. */
export const GraphLegend = memo(function GraphLegend() {
  return (
    <div
      className="flex flex-wrap items-center gap-x-3 gap-y-1 px-1 py-0.5 text-[10px] text-zinc-600 dark:text-zinc-300"
      data-testid="graph-legend"
    >
      <Item>
        <span className="size-2 rounded-full bg-emerald-500" aria-hidden />
        ok
      </Item>
      <Item>
        <span className="size-2 rounded-full bg-amber-500" aria-hidden />
        <Line color="--edge-mixed" />
        recovered (failed, then ok)
      </Item>
      <Item>
        <span className="size-2 rounded-full bg-red-500" aria-hidden />
        <Line color="--edge-error" />
        failed
      </Item>
      <Item>
        <span
          className="rounded bg-amber-100 px-0.5 text-amber-800 dark:bg-amber-900/60 dark:text-amber-200"
          aria-hidden
        >
          ⚡
        </span>
        fault injected
      </Item>
      <Item>
        <Line color="--edge-active" dashed />
        active call
      </Item>
      <Item>
        <span
          className="rounded bg-purple-100 px-0.5 text-purple-800 dark:bg-purple-900/60 dark:text-purple-200"
          aria-hidden
        >
          ⛔
        </span>
        <Line color="--edge-blocked" dashed />
        blocked attempt (out of scope or not its tool)
      </Item>
    </div>
  );
});
