import { MarkerType } from '@xyflow/react';
import { graphLists, type GraphEdge, type GraphNode, type GraphState } from '@/lib/trace/projections/graph';
import { NODE_SIZE, type FlowEdge, type FlowNode } from './graph-types';
import type { Positions } from './layout';

export type GraphSelection = { kind: 'node' | 'edge'; id: string } | null;

export interface FlowInput {
  graph: GraphState;
  positions: Positions | null;
  selection: GraphSelection;
  /** Mark the edge touched last (while the run is live). */
  live: boolean;
  vertical: boolean;
}

const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Graph projection → React Flow nodes and edges. Keeps one object per node/edge and replaces it
 * only when what it shows changed (the projection replaces a node or edge object only when an event
 * touched it), so an event re-renders the one node or edge it touched, not the whole graph.
 */
export function createFlowBuilder() {
  const nodeCache = new Map<string, { key: unknown[]; node: FlowNode }>();
  const edgeCache = new Map<string, { key: unknown[]; edge: FlowEdge }>();

  return function build({ graph, positions, selection, live, vertical }: FlowInput): { nodes: FlowNode[]; edges: FlowEdge[] } {
    const lists = graphLists(graph);
    const latestId = live ? lists.edges.reduce<GraphEdge | null>((a, e) => (a && a.lastTs >= e.lastTs ? a : e), null)?.id : undefined;

    const nodes: FlowNode[] = [];
    for (const n of lists.nodes) {
      const at = positions?.nodes[n.id];
      // A node that arrived after the last layout waits for the next one rather than jumping.
      if (!at) continue;
      const selected = selection?.kind === 'node' && selection.id === n.id;
      const key: unknown[] = [n, at.x, at.y, selected, vertical];
      const cached = nodeCache.get(n.id);
      if (cached && same(cached.key, key)) {
        nodes.push(cached.node);
        continue;
      }
      const node = flowNode(n, at, selected, vertical);
      nodeCache.set(n.id, { key, node });
      nodes.push(node);
    }

    const placed = new Set(nodes.map((n) => n.id));
    const edges: FlowEdge[] = [];
    for (const e of lists.edges) {
      if (!placed.has(e.source) || !placed.has(e.target)) continue;
      const selected = selection?.kind === 'edge' && selection.id === e.id;
      const latest = e.id === latestId;
      const key: unknown[] = [e, selected, latest];
      const cached = edgeCache.get(e.id);
      if (cached && same(cached.key, key)) {
        edges.push(cached.edge);
        continue;
      }
      const edge = flowEdge(e, selected, latest);
      edgeCache.set(e.id, { key, edge });
      edges.push(edge);
    }
    return { nodes, edges };
  };
}

function flowNode(n: GraphNode, position: { x: number; y: number }, selected: boolean, vertical: boolean): FlowNode {
  const data = { node: n, selected, vertical };
  const size = NODE_SIZE[n.kind];
  return n.kind === 'agent'
    ? { id: n.id, type: 'agent', position, ...size, data }
    : { id: n.id, type: 'service', position, ...size, data };
}

export function edgeStroke(e: GraphEdge): string {
  if (e.active) return 'var(--edge-active)';
  // Only refused attempts: the agent never reached this service.
  if (e.count === e.blockedCount && e.blockedCount > 0) return 'var(--edge-blocked)';
  if (e.lastStatus === 'error') return 'var(--edge-error)';
  return e.errorCount > 0 ? 'var(--edge-mixed)' : 'var(--edge-idle)';
}

function flowEdge(e: GraphEdge, selected: boolean, latest: boolean): FlowEdge {
  return {
    id: e.id,
    type: 'count',
    source: e.source,
    target: e.target,
    animated: e.active,
    markerEnd: { type: MarkerType.ArrowClosed, color: edgeStroke(e), width: 14, height: 14 },
    data: { edge: e, selected, latest },
  };
}
