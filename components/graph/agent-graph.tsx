'use client';

import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Background, BackgroundVariant, Controls, Panel, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { GraphState } from '@/lib/trace/projections/graph';
import { useIsDark } from '../hooks/use-is-dark';
import { CountEdge } from './edges/count-edge';
import { GraphSelectContext } from './graph-context';
import { GraphLegend } from './graph-legend';
import { createFlowBuilder, type GraphSelection } from './flow-elements';
import { NODE_SIZE } from './graph-types';
import { layoutGraph, structureKey, type LayoutDirection, type Positions } from './layout';
import { GraphNode } from './nodes/graph-node';

// Module level, never recreated (React Flow re-mounts every node when these change).
const nodeTypes = { agent: GraphNode, service: GraphNode };
const edgeTypes = { count: CountEdge };
const FIT = { padding: 0.12, maxZoom: 1.1, duration: 0 } as const;

export type { GraphSelection } from './flow-elements';

interface Props {
  graph: GraphState;
  selection: GraphSelection;
  onSelect: (kind: 'node' | 'edge', id: string) => void;
  /** Highlight the edge touched last (while the run is live). */
  live: boolean;
  direction?: LayoutDirection;
}

/** Re-fits the view once a new layout is on screen (not on every count change). */
function FitOnLayout({ layoutKey }: { layoutKey: string | null }) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (!layoutKey) return;
    const frame = requestAnimationFrame(() => void fitView(FIT));
    return () => cancelAnimationFrame(frame);
  }, [layoutKey, fitView]);
  return null;
}

function Graph({ graph, selection, onSelect, live, direction = 'RIGHT' }: Props) {
  const isDark = useIsDark();
  const edgeList = useMemo(() => graph.edgeOrder.map((id) => graph.edges[id]), [graph.edgeOrder, graph.edges]);
  const key = structureKey(graph.nodeOrder, edgeList);
  const latestInput = useRef({ graph, edgeList });
  useEffect(() => {
    latestInput.current = { graph, edgeList };
  });

  const [layout, setLayout] = useState<{ key: string; positions: Positions } | null>(null);
  useEffect(() => {
    // Only the node/edge sets (the key) trigger a layout; counts and statuses never do.
    let cancelled = false;
    const { graph: g, edgeList: edges } = latestInput.current;
    const nodes = g.nodeOrder.map((id) => ({ id, ...NODE_SIZE[g.nodes[id].kind] }));
    void layoutGraph(nodes, edges, direction).then((positions) => {
      if (!cancelled) setLayout({ key: `${key}@${direction}`, positions });
    });
    return () => {
      cancelled = true;
    };
  }, [key, direction]);

  const [build] = useState(createFlowBuilder);
  const positions = layout?.positions ?? null;
  const vertical = direction === 'DOWN';
  const { nodes: flowNodes, edges: flowEdges } = useMemo(
    () => build({ graph, positions, selection, live, vertical }),
    [build, graph, positions, selection, live, vertical],
  );

  return (
    <ReactFlow
      nodes={flowNodes}
      edges={flowEdges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      colorMode={isDark ? 'dark' : 'light'}
      nodesDraggable={false}
      nodesConnectable={false}
      nodesFocusable={false}
      edgesFocusable={false}
      elementsSelectable={false}
      // Handlers make React Flow give nodes and edges pointer events (they are not selectable or draggable).
      onNodeClick={(_, node) => onSelect('node', node.id)}
      onEdgeClick={(_, edge) => onSelect('edge', edge.id)}
      zoomOnScroll={false}
      preventScrolling={false}
      // Touch: one finger pans the graph, two pinch-zoom it (the page scrolls outside the graph).
      panOnDrag
      zoomOnPinch
      minZoom={0.3}
      maxZoom={2}
      fitView
      fitViewOptions={FIT}
    >
      <FitOnLayout layoutKey={layout?.key ?? null} />
      <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
      <Controls showInteractive={false} position="bottom-right" />
      <Panel position="bottom-left">
        <GraphLegend />
      </Panel>
    </ReactFlow>
  );
}

/** The agents' conversation as a graph: agents, the services they touch, and the calls between them. */
export function AgentGraph(props: Props) {
  const { onSelect } = props;
  const select = useCallback((kind: 'node' | 'edge', id: string) => onSelect(kind, id), [onSelect]);
  return (
    <div
      data-testid="agent-graph"
      className="h-full w-full [--edge-active:#6366f1] [--edge-error:#ef4444] [--edge-idle:#a1a1aa] [--edge-mixed:#f59e0b] [--edge-blocked:#a855f7] dark:[--edge-idle:#71717a]"
    >
      <GraphSelectContext.Provider value={select}>
        <ReactFlowProvider>
          <Graph {...props} />
        </ReactFlowProvider>
      </GraphSelectContext.Provider>
    </div>
  );
}
