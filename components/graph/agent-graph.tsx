'use client';

import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Background, BackgroundVariant, Controls, ReactFlow, ReactFlowProvider, useReactFlow } from '@xyflow/react';
import type { GraphEdge, GraphState } from '@/lib/trace/projections/graph';
import { useIsDark } from '../hooks/use-is-dark';
import { CountEdge } from './edges/count-edge';
import { GraphSelectContext } from './graph-context';
import { GraphLegend } from './graph-legend';
import { createFlowBuilder, type GraphSelection } from './flow-elements';
import { NODE_SIZE } from './graph-types';
import { emptyPlacedLayout, extendLayout, seedLayout, type PlacedLayout } from './incremental-layout';
import { layoutGraph, structureKey, type LayoutDirection } from './layout';
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

/** Re-fits the view when the layout grows (a node placed), never on a count or status change. */
function FitOnLayout({ layoutKey }: { layoutKey: string | null }) {
  const { fitView } = useReactFlow();
  useEffect(() => {
    if (!layoutKey) return;
    const frame = requestAnimationFrame(() => void fitView(FIT));
    return () => cancelAnimationFrame(frame);
  }, [layoutKey, fitView]);
  return null;
}

interface Placement {
  direction: LayoutDirection;
  /** null: waiting for elk's layout of a graph shown whole. */
  layout: PlacedLayout | null;
}

/**
 * Where the nodes go. A graph that is live when it mounts is placed append-only from its first
 * node (incremental-layout.ts): synchronously, so an event's node is drawn in the frame the event
 * is applied in, and nothing placed ever moves. A graph shown whole (a finished run, a comparison)
 * is first laid out by elk, then extended append-only the same way (a replay stepping forward).
 */
function usePlacement(
  graph: GraphState,
  edgeList: readonly GraphEdge[],
  direction: LayoutDirection,
  live: boolean,
): PlacedLayout | null {
  const [placement, setPlacement] = useState<Placement>(() => ({ direction, layout: live ? emptyPlacedLayout : null }));
  const layoutNodes = useMemo(
    () => graph.nodeOrder.map((id) => ({ id, ...NODE_SIZE[graph.nodes[id].kind] })),
    [graph.nodeOrder, graph.nodes],
  );
  const stale = placement.direction !== direction;
  const current = stale ? null : placement.layout;
  const extended = current && extendLayout(current, layoutNodes, edgeList, direction);
  // Keeps what was placed (state adjusted during render: React re-renders before painting).
  if (stale) setPlacement({ direction, layout: null });
  else if (extended && extended !== current) setPlacement({ direction, layout: extended });

  const waiting = current === null && layoutNodes.length > 0;
  const key = waiting ? structureKey(graph.nodeOrder, edgeList) : null;
  const latestInput = useRef({ layoutNodes, edgeList });
  useEffect(() => {
    latestInput.current = { layoutNodes, edgeList };
  });
  useEffect(() => {
    if (key === null) return;
    let cancelled = false;
    const { layoutNodes: nodes, edgeList: edges } = latestInput.current;
    void layoutGraph(nodes, edges, direction).then((positions) => {
      if (!cancelled)
        setPlacement((p) =>
          p.direction === direction && p.layout === null
            ? { direction, layout: seedLayout(positions, nodes, direction) }
            : p,
        );
    });
    return () => {
      cancelled = true;
    };
  }, [key, direction]);
  return extended;
}

function Graph({ graph, selection, onSelect, live, direction = 'RIGHT' }: Props) {
  const isDark = useIsDark();
  const edgeList = useMemo(() => graph.edgeOrder.map((id) => graph.edges[id]), [graph.edgeOrder, graph.edges]);
  const layout = usePlacement(graph, edgeList, direction, live);
  const layoutKey = layout ? `${Object.keys(layout.nodes).length}@${direction}` : null;

  const [build] = useState(createFlowBuilder);
  const positions = layout;
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
      <FitOnLayout layoutKey={layoutKey} />
      <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
      <Controls showInteractive={false} position="bottom-right" />
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
      className="flex h-full w-full flex-col [--edge-active:#6366f1] [--edge-error:#ef4444] [--edge-idle:#a1a1aa] [--edge-mixed:#f59e0b] [--edge-blocked:#a855f7] dark:[--edge-idle:#71717a]"
    >
      <GraphSelectContext.Provider value={select}>
        {/* The legend sits under the flow's viewport, never over a node. */}
        <div className="min-h-0 flex-1">
          <ReactFlowProvider>
            <Graph {...props} />
          </ReactFlowProvider>
        </div>
        <div className="shrink-0 border-t border-zinc-200 px-1 pt-1 dark:border-zinc-800">
          <GraphLegend />
        </div>
      </GraphSelectContext.Provider>
    </div>
  );
}
