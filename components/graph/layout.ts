import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode, LayoutOptions } from 'elkjs/lib/elk-api';

/**
 * The agent graph's layout (elk "layered"): framework-free, so it is unit-tested without a browser.
 * It depends only on the node and edge SETS: callers key it by structureKey() and never rerun it
 * when only counts or statuses change.
 */

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
}

export type LayoutDirection = 'RIGHT' | 'DOWN';

export interface Positions {
  /** Top-left corner of each node. */
  nodes: Record<string, { x: number; y: number }>;
  width: number;
  height: number;
}

/** One string per node/edge set: equal keys mean the same layout. */
export function structureKey(nodeIds: readonly string[], edges: readonly LayoutEdge[]): string {
  return `${nodeIds.join('|')}#${edges.map((e) => `${e.source}>${e.target}`).join('|')}`;
}

const options = (direction: LayoutDirection): LayoutOptions => ({
  'elk.algorithm': 'layered',
  'elk.direction': direction,
  'elk.spacing.nodeNode': '22',
  'elk.layered.spacing.nodeNodeBetweenLayers': '120',
  'elk.layered.spacing.edgeNodeBetweenLayers': '20',
  // Keep the order nodes first appeared in (agents in the order they were asked): a new node
  // does not reshuffle the ones already on screen.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.padding': '[top=8,left=8,bottom=8,right=8]',
});

let shared: InstanceType<typeof ELK> | null = null;

export async function layoutGraph(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  direction: LayoutDirection = 'RIGHT',
): Promise<Positions> {
  if (nodes.length === 0) return { nodes: {}, width: 0, height: 0 };
  shared ??= new ELK();
  const known = new Set(nodes.map((n) => n.id));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: options(direction),
    children: nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: edges
      .filter((e) => known.has(e.source) && known.has(e.target) && e.source !== e.target)
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
  const result = await shared.layout(graph);
  const positions: Positions['nodes'] = {};
  for (const child of result.children ?? []) positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  return { nodes: positions, width: result.width ?? 0, height: result.height ?? 0 };
}
