import { describe, expect, it } from 'vitest';
import { foldSpans } from '@/lib/trace/projections/spans';
import { faultsOf, spansForEdge, spansForNode } from '@/components/trace/related-spans';
import { sampleCheckoutRun } from '../../../support/trace/sample-run';

const state = foldSpans(sampleCheckoutRun());
const ids = (spans: { id: string }[]) => spans.map((s) => s.id);

describe('the spans behind a graph node or edge', () => {
  it("finds an agent's invocations and tool calls, and a service's calls", () => {
    expect(ids(spansForNode(state, 'agent:PaymentAgent'))).toEqual(['s8', 's9', 's10']);
    expect(ids(spansForNode(state, 'service:payment'))).toEqual(['s9', 's10']);
    expect(spansForNode(state, 'service:shipping')).toEqual([]);
  });

  it('finds the calls on a tool edge and the ask_* calls on a message edge', () => {
    expect(ids(spansForEdge(state, 'tool:PaymentAgent->service:payment'))).toEqual(['s9', 's10']);
    expect(ids(spansForEdge(state, 'tool:InventoryAgent->service:inventory'))).toEqual(['s6']);
    expect(ids(spansForEdge(state, 'message:CheckoutAgent->agent:PaymentAgent'))).toEqual(['s7']);
    expect(spansForEdge(state, 'nonsense')).toEqual([]);
  });

  it('lists the injected faults of a span', () => {
    expect(faultsOf(state.spans.s9)).toEqual([
      expect.objectContaining({ ruleName: 'decline', kind: 'decline', effect: 'card_declined' }),
    ]);
    expect(faultsOf(state.spans.s10)).toEqual([]);
  });
});
