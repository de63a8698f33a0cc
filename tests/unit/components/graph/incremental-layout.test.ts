import { describe, expect, it } from 'vitest';
import { emptyPlacedLayout, extendLayout, seedLayout } from '@/components/graph/incremental-layout';
import { layoutGraph, type LayoutEdge, type LayoutNode } from '@/components/graph/layout';

const node = (id: string): LayoutNode => ({
  id,
  width: id.startsWith('agent') ? 184 : 180,
  height: id.startsWith('agent') ? 58 : 50,
});
const edge = (source: string, target: string): LayoutEdge => ({ id: `${source}->${target}`, source, target });

/** A checkout as it streams in: each step brings one node and the edge that reached it. */
const steps: { node: string; from?: string }[] = [
  { node: 'agent:CheckoutAgent' },
  { node: 'agent:InventoryAgent', from: 'agent:CheckoutAgent' },
  { node: 'service:inventory', from: 'agent:InventoryAgent' },
  { node: 'agent:PaymentAgent', from: 'agent:CheckoutAgent' },
  { node: 'service:payment', from: 'agent:PaymentAgent' },
  { node: 'agent:CustomerAgent', from: 'agent:PaymentAgent' },
  { node: 'service:customer', from: 'agent:CustomerAgent' },
];

function overlaps(layout: { nodes: Record<string, { x: number; y: number }> }, nodes: LayoutNode[]): boolean {
  const boxes = nodes.map((n) => ({ ...layout.nodes[n.id], w: n.width, h: n.height }));
  return boxes.some((a, i) =>
    boxes.slice(i + 1).some((b) => !(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y)),
  );
}

describe('append-only graph layout', () => {
  it('never moves a placed node as the graph grows, and never overlaps two', () => {
    let layout = emptyPlacedLayout;
    const nodes: LayoutNode[] = [];
    const edges: LayoutEdge[] = [];
    for (const step of steps) {
      nodes.push(node(step.node));
      if (step.from) edges.push(edge(step.from, step.node));
      const before = layout.nodes;
      layout = extendLayout(layout, nodes, edges);
      for (const [id, at] of Object.entries(before)) expect(layout.nodes[id]).toEqual(at);
      expect(overlaps(layout, nodes)).toBe(false);
    }
    const x = (id: string) => layout.nodes[id].x;
    // Layers follow the calls: the checkout agent, the agents it asks, then what they call.
    expect(x('agent:InventoryAgent')).toBeGreaterThan(x('agent:CheckoutAgent'));
    expect(x('service:inventory')).toBeGreaterThan(x('agent:InventoryAgent'));
    expect(x('agent:PaymentAgent')).toBe(x('agent:InventoryAgent'));
    expect(x('agent:CustomerAgent')).toBeGreaterThan(x('agent:PaymentAgent'));
  });

  it('returns the same layout when nothing new arrived, and keeps the place of a node that left (replay scrubbed back)', () => {
    const nodes = steps.map((s) => node(s.node));
    const edges = steps.flatMap((s) => (s.from ? [edge(s.from, s.node)] : []));
    const full = extendLayout(emptyPlacedLayout, nodes, edges);
    expect(extendLayout(full, nodes, edges)).toBe(full);
    expect(extendLayout(full, nodes.slice(0, 3), edges.slice(0, 2))).toBe(full);
  });

  it('places DOWN layouts top to bottom', () => {
    const layout = extendLayout(
      emptyPlacedLayout,
      [node('agent:A'), node('service:s')],
      [edge('agent:A', 'service:s')],
      'DOWN',
    );
    expect(layout.nodes['service:s'].y).toBeGreaterThan(layout.nodes['agent:A'].y);
    expect(layout.nodes['service:s'].x).toBe(layout.nodes['agent:A'].x);
  });

  it('extends an elk layout: a new node joins its layer below the nodes there, the rest stay put', async () => {
    const nodes = steps.slice(0, 5).map((s) => node(s.node));
    const edges = steps.slice(1, 5).map((s) => edge(s.from!, s.node));
    const elk = await layoutGraph(nodes, edges);
    const seeded = seedLayout(elk, nodes);
    const more = [...nodes, node('agent:ShippingAgent')];
    const grown = extendLayout(seeded, more, [...edges, edge('agent:CheckoutAgent', 'agent:ShippingAgent')]);
    for (const n of nodes) expect(grown.nodes[n.id]).toEqual(elk.nodes[n.id]);
    expect(grown.nodes['agent:ShippingAgent'].x).toBe(elk.nodes['agent:PaymentAgent'].x);
    expect(overlaps(grown, more)).toBe(false);
  });
});
