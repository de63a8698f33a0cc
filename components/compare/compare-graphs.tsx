import type { GraphState } from '@/lib/trace/projections/graph';
import type { GraphDiff as GraphDiffLists } from '@/lib/wire/replay';
import { AgentGraph } from '../graph/agent-graph';
import { Panel } from '../ui/panel';
import { GraphDiff } from './graph-diff';

/** The structural diff of the two agent graphs beside both graphs (folded on the server). */
export function CompareGraphs({ graph, graphs }: { graph: GraphDiffLists; graphs: { a: GraphState; b: GraphState } }) {
  return (
    <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-3 xl:grid-cols-[minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)]">
      <Panel title="Graph diff (B against A)" bodyClassName="max-h-[360px] overflow-auto">
        <GraphDiff graph={graph} />
      </Panel>
      {(['a', 'b'] as const).map((side) => (
        <Panel
          key={side}
          title={`Agent graph · ${side.toUpperCase()}`}
          bodyClassName="h-[360px]"
          testId={`compare-graph-${side}`}
        >
          <AgentGraph graph={graphs[side]} selection={null} onSelect={() => {}} live={false} direction="RIGHT" />
        </Panel>
      ))}
    </div>
  );
}
