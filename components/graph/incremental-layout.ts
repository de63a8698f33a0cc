import type { LayoutDirection, LayoutEdge, LayoutNode, Positions } from './layout';

/**
 * The live graph's layout: synchronous and append-only. A node keeps the place it was first given
 * for as long as the graph is on screen; a new node goes one layer after the furthest node that
 * points at it (the first agent in layer 0, the agents it asks in layer 1, the services they call
 * after them), at the end of its layer. So an event that brings a node draws it in the same frame,
 * and nothing already on screen moves (the elk layout in layout.ts reorders layers as the graph
 * grows, which made nodes jump and hid edges while it ran). Framework-free, unit-tested.
 */

export interface PlacedLayout extends Positions {
  /** The layer each node was placed in (never changes once given). */
  layers: Record<string, number>;
  /** Per layer, where its nodes start along the flow. */
  layerStarts: Record<number, number>;
  /** Per layer, where its next node goes (across the flow). */
  layerEnds: Record<number, number>;
}

const LAYER_GAP = 120;
const NODE_GAP = 22;

export const emptyPlacedLayout: PlacedLayout = {
  nodes: {},
  layers: {},
  layerStarts: {},
  layerEnds: {},
  width: 0,
  height: 0,
};

/**
 * `previous` extended by the nodes it has not placed yet (in the order given). Returns `previous`
 * itself when every node is already placed, so callers can compare by identity. Nodes placed before
 * but absent now keep their place (a replay scrubbed back and forth shows each node where it was).
 */
export function extendLayout(
  previous: PlacedLayout,
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  direction: LayoutDirection = 'RIGHT',
): PlacedLayout {
  const missing = nodes.filter((n) => !(n.id in previous.nodes));
  if (missing.length === 0) return previous;
  const vertical = direction === 'DOWN';
  const positions = { ...previous.nodes };
  const layers = { ...previous.layers };
  const incoming = new Map<string, string[]>();
  for (const e of edges) {
    if (e.source === e.target) continue;
    incoming.set(e.target, [...(incoming.get(e.target) ?? []), e.source]);
  }
  const along = (n: LayoutNode) => (vertical ? n.height : n.width);
  const across = (n: LayoutNode) => (vertical ? n.width : n.height);
  const step = Math.max(0, ...nodes.map(along)) + LAYER_GAP;
  const layerStarts = { ...previous.layerStarts };
  const layerEnds = { ...previous.layerEnds };
  for (const node of missing) {
    const parents = (incoming.get(node.id) ?? []).filter((p) => p in layers);
    const layer = parents.length === 0 ? 0 : Math.max(...parents.map((p) => layers[p])) + 1;
    const offset = layerEnds[layer] ?? 0;
    const start = layerStarts[layer] ?? (layer === 0 ? 0 : (layerStarts[layer - 1] ?? (layer - 1) * step) + step);
    layerStarts[layer] = start;
    positions[node.id] = vertical ? { x: offset, y: start } : { x: start, y: offset };
    layers[node.id] = layer;
    layerEnds[layer] = offset + across(node) + NODE_GAP;
  }
  let { width, height } = previous;
  for (const n of missing) {
    const at = positions[n.id];
    width = Math.max(width, at.x + n.width);
    height = Math.max(height, at.y + n.height);
  }
  return { nodes: positions, layers, layerStarts, layerEnds, width, height };
}

/**
 * A finished layout (elk's, for a graph shown whole) as the start of an append-only one: its
 * distinct positions along the flow become the layers, so nodes added later (a replay stepping
 * forward) join the right layer below what is there.
 */
export function seedLayout(
  positions: Positions,
  nodes: readonly LayoutNode[],
  direction: LayoutDirection = 'RIGHT',
): PlacedLayout {
  const vertical = direction === 'DOWN';
  const starts = [
    ...new Set(
      nodes
        .filter((n) => n.id in positions.nodes)
        .map((n) => Math.round(vertical ? positions.nodes[n.id].y : positions.nodes[n.id].x)),
    ),
  ].sort((a, b) => a - b);
  const layers: Record<string, number> = {};
  const layerStarts: Record<number, number> = {};
  const layerEnds: Record<number, number> = {};
  starts.forEach((start, i) => (layerStarts[i] = start));
  for (const n of nodes) {
    const at = positions.nodes[n.id];
    if (!at) continue;
    const layer = starts.indexOf(Math.round(vertical ? at.y : at.x));
    layers[n.id] = layer;
    const end = (vertical ? at.x + n.width : at.y + n.height) + NODE_GAP;
    layerEnds[layer] = Math.max(layerEnds[layer] ?? 0, end);
  }
  return {
    nodes: { ...positions.nodes },
    layers,
    layerStarts,
    layerEnds,
    width: positions.width,
    height: positions.height,
  };
}
