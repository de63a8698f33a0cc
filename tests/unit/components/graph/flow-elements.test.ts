import { describe, expect, it } from 'vitest';
import { emptyGraph, foldGraph, reduceGraph } from '@/lib/trace/projections/graph';
import { createFlowBuilder } from '@/components/graph/flow-elements';
import { pointOnBezier } from '@/components/graph/edges/count-edge';
import { sampleCheckoutRun } from '../../../support/trace/sample-run';

const events = sampleCheckoutRun();
const graph = foldGraph(events);
const positions = {
  nodes: Object.fromEntries(graph.nodeOrder.map((id, i) => [id, { x: i * 10, y: 0 }])),
  width: 100,
  height: 10,
};

describe('graph projection → React Flow elements', () => {
  it('makes one node per placed graph node and one edge per edge between placed nodes', () => {
    const build = createFlowBuilder();
    const { nodes, edges } = build({ graph, positions, selection: null, live: false, vertical: false });
    expect(nodes.map((n) => n.id)).toEqual(graph.nodeOrder);
    expect(nodes.find((n) => n.id === 'service:payment')).toMatchObject({ type: 'service', position: { x: 40, y: 0 } });
    expect(edges.map((e) => e.id)).toEqual(graph.edgeOrder);
    const payment = edges.find((e) => e.id === 'tool:PaymentAgent->service:payment');
    expect(payment?.data?.edge).toMatchObject({ count: 2, errorCount: 1, faultCount: 1 });
  });

  it('holds back nodes the layout has not placed yet, and their edges', () => {
    const build = createFlowBuilder();
    const partial = {
      ...positions,
      nodes: { 'agent:CheckoutAgent': { x: 0, y: 0 }, 'agent:InventoryAgent': { x: 1, y: 1 } },
    };
    const { nodes, edges } = build({ graph, positions: partial, selection: null, live: false, vertical: false });
    expect(nodes.map((n) => n.id)).toEqual(['agent:CheckoutAgent', 'agent:InventoryAgent']);
    expect(edges.map((e) => e.id)).toEqual(['message:CheckoutAgent->agent:InventoryAgent']);
    expect(build({ graph, positions: null, selection: null, live: false, vertical: false }).nodes).toEqual([]);
  });

  it('keeps the same object for what an event did not touch, and marks the selection', () => {
    const build = createFlowBuilder();
    const half = foldGraph(events.slice(0, 16));
    const before = build({ graph: half, positions, selection: null, live: true, vertical: false });
    // The 17th event (fault.injected on the payment call) touches the payment service, the agent and the edge only.
    const after = build({
      graph: reduceGraph(half, events[16]),
      positions,
      selection: { kind: 'node', id: 'agent:CheckoutAgent' },
      live: true,
      vertical: false,
    });
    const byId = <T extends { id: string }>(list: T[]) => new Map(list.map((x) => [x.id, x]));
    const [b, a] = [byId(before.nodes), byId(after.nodes)];
    expect(a.get('agent:InventoryAgent')).toBe(b.get('agent:InventoryAgent'));
    expect(a.get('service:payment')).not.toBe(b.get('service:payment'));
    expect(a.get('agent:CheckoutAgent')?.data.selected).toBe(true);
    expect(byId(after.edges).get('message:CheckoutAgent->agent:InventoryAgent')).toBe(
      byId(before.edges).get('message:CheckoutAgent->agent:InventoryAgent'),
    );
  });

  it('marks open calls as animated, and the edge touched last while live', () => {
    const build = createFlowBuilder();
    const open = foldGraph(events.slice(0, 16));
    const { edges } = build({ graph: open, positions, selection: null, live: true, vertical: false });
    const pay = edges.find((e) => e.id === 'tool:PaymentAgent->service:payment');
    expect(pay).toMatchObject({ animated: true, data: { latest: true } });
    expect(build({ graph: emptyGraph, positions, selection: null, live: true, vertical: false })).toEqual({
      nodes: [],
      edges: [],
    });
  });
});

describe('edge label placement', () => {
  it('runs from the source to the target along the curve', () => {
    expect(pointOnBezier(0, 0, 100, 50, false, 0)).toEqual([0, 0]);
    expect(pointOnBezier(0, 0, 100, 50, false, 1)).toEqual([100, 50]);
    expect(pointOnBezier(0, 0, 100, 50, false, 0.5)).toEqual([50, 25]);
    const [x, y] = pointOnBezier(0, 0, 100, 50, false, 0.68);
    expect(x).toBeGreaterThan(50);
    expect(y).toBeGreaterThan(25);
  });
});
