import { MarkerType, Position, type NodeHandle } from '@xyflow/react';
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

  return function build({ graph, positions, selection, live, vertical }: FlowInput): {
    nodes: FlowNode[];
    edges: FlowEdge[];
  } {
    const lists = graphLists(graph);
    const latestId = live
      ? lists.edges.reduce<GraphEdge | null>((a, e) => (a && a.lastTs >= e.lastTs ? a : e), null)?.id
      : undefined;

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

/**
 * Where nodes/node-handles.tsx puts a node's two 1 px handles (centred on its edges), given up front.
 * React Flow otherwise measures them from the DOM, and forgets the measure whenever a node object is
 * replaced (every count change): the node's edges then vanish until it is measured again, a frame or
 * more later. Given here, a node and its edges are drawn in the frame they arrive in, and stay drawn.
 */
function handlesFor(size: { width: number; height: number }, vertical: boolean): NodeHandle[] {
  const { width: w, height: h } = size;
  return vertical
    ? [
        { type: 'target', position: Position.Top, x: w / 2 - 0.5, y: -0.5, width: 1, height: 1 },
        { type: 'source', position: Position.Bottom, x: w / 2 - 0.5, y: h - 0.5, width: 1, height: 1 },
      ]
    : [
        { type: 'target', position: Position.Left, x: -0.5, y: h / 2 - 0.5, width: 1, height: 1 },
        { type: 'source', position: Position.Right, x: w - 0.5, y: h / 2 - 0.5, width: 1, height: 1 },
      ];
}

const handleCache = new Map<string, NodeHandle[]>();
function cachedHandles(kind: GraphNode['kind'], vertical: boolean): NodeHandle[] {
  const key = `${kind}:${vertical}`;
  let handles = handleCache.get(key);
  if (!handles) handleCache.set(key, (handles = handlesFor(NODE_SIZE[kind], vertical)));
  return handles;
}

function flowNode(n: GraphNode, position: { x: number; y: number }, selected: boolean, vertical: boolean): FlowNode {
  const data = { node: n, selected, vertical };
  const size = NODE_SIZE[n.kind];
  // Sized and with its handles from the start: nothing waits for a measure (see handlesFor).
  const known = { position, ...size, measured: size, handles: cachedHandles(n.kind, vertical), data };
  return n.kind === 'agent' ? { id: n.id, type: 'agent', ...known } : { id: n.id, type: 'service', ...known };
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
