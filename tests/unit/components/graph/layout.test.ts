import { describe, expect, it } from 'vitest';
import { layoutGraph, structureKey, type LayoutEdge } from '@/components/graph/layout';

const agents = ['Checkout', 'Inventory', 'Payment', 'Shipping', 'Notification', 'Customer'].map(
  (n) => `agent:${n}Agent`,
);
const services = ['inventory', 'payment', 'shipping', 'notification', 'customer'].map((s) => `service:${s}`);
const edges: LayoutEdge[] = [
  ...agents.slice(1).map((a) => ({ id: `message:CheckoutAgent->${a}`, source: agents[0], target: a })),
  ...agents.slice(1).map((a, i) => ({ id: `tool:${a}->${services[i]}`, source: a, target: services[i] })),
];
const nodes = [...agents, ...services].map((id) => ({ id, width: id.startsWith('agent') ? 180 : 150, height: 56 }));

describe('agent graph layout', () => {
  it('places the checkout agent, the specialists and the services in three layers, left to right', async () => {
    const { nodes: pos } = await layoutGraph(nodes, edges, 'RIGHT');
    expect(Object.keys(pos)).toHaveLength(11);
    const x = (id: string) => pos[id].x;
    for (const a of agents.slice(1)) expect(x(a)).toBeGreaterThan(x(agents[0]));
    for (let i = 0; i < services.length; i++) expect(x(services[i])).toBeGreaterThan(x(agents[i + 1]));
    // No two nodes overlap.
    const boxes = nodes.map((n) => ({ ...pos[n.id], w: n.width, h: n.height }));
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i], boxes[j]];
        expect(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y).toBe(true);
      }
  });

  it('is deterministic, and keeps the specialists in the order they first appeared', async () => {
    const one = await layoutGraph(nodes, edges);
    const two = await layoutGraph(nodes, edges);
    expect(two).toEqual(one);
    const ys = agents.slice(1).map((a) => one.nodes[a].y);
    expect([...ys].sort((p, q) => p - q)).toEqual(ys);
  });

  it('ignores edges to nodes it was not given, and lays out nothing as nothing', async () => {
    const { nodes: pos } = await layoutGraph(nodes.slice(0, 2), edges);
    expect(Object.keys(pos).sort()).toEqual([agents[0], agents[1]].sort());
    expect(await layoutGraph([], [])).toEqual({ nodes: {}, width: 0, height: 0 });
  });

  it('keys the layout by the node and edge sets only', () => {
    expect(structureKey(['a', 'b'], [{ id: 'e', source: 'a', target: 'b' }])).toBe(
      structureKey(['a', 'b'], [{ id: 'other-id', source: 'a', target: 'b' }]),
    );
    expect(structureKey(['a', 'b'], [])).not.toBe(structureKey(['a', 'b'], [{ id: 'e', source: 'a', target: 'b' }]));
  });
});
