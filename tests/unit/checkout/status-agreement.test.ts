import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldGraph, graphLists } from '@/lib/trace/projections/graph';
import { foldRunSummary } from '@/lib/trace/projections/run-summary';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';

/** One truth about status: the header (summary), the Run row (history) and the graph's nodes agree. */
describe('status, counted once', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createCheckoutHarness();
  });
  afterAll(() => h.dispose());

  async function folded(request: Parameters<Harness['order']>[0]) {
    const [result] = await h.order(request);
    const events = await h.events(result.runId);
    const { nodes } = graphLists(foldGraph(events));
    const services = nodes.filter((n) => n.kind === 'service');
    const agents = nodes.filter((n) => n.kind === 'agent');
    const sum = (list: typeof nodes, key: 'failedCalls' | 'recovered' | 'faults' | 'blocked') =>
      list.reduce((n, node) => n + node[key], 0);
    return {
      result,
      summary: foldRunSummary(events),
      row: await h.t.db.run.findUniqueOrThrow({ where: { id: result.runId } }),
      nodes,
      services,
      agents,
      sum,
    };
  }

  it('a declined primary card then the backup: the PaymentAgent and the payment service both show 1 failed, 1 recovered', async () => {
    const { result, summary, row, nodes, services, agents, sum } = await folded({ customerId: 'cus_grace' });
    expect(result.status).toBe('succeeded');
    const byId = Object.fromEntries(nodes.map((n) => [n.id, n]));
    expect(byId['agent:PaymentAgent']).toMatchObject({ status: 'recovered', failedCalls: 1, recovered: 1 });
    expect(byId['service:payment']).toMatchObject({ status: 'recovered', failedCalls: 1, recovered: 1 });
    expect(summary.errors).toBe(1);
    expect(sum(services, 'failedCalls')).toBe(summary.errors);
    expect(sum(agents, 'failedCalls')).toBe(summary.errors);
    expect(sum(services, 'recovered')).toBe(sum(agents, 'recovered'));
    expect(row.errorCount).toBe(summary.errors);
  });

  it('a failed run (every card declined) never has a green root, and the counts still agree', async () => {
    const { result, summary, row, nodes, services, agents, sum } = await folded({
      customerId: 'cus_grace',
      faultPreset: 'decline-all-cards',
    });
    expect(result.status).toBe('failed');
    expect(nodes.find((n) => n.id === 'agent:CheckoutAgent')).toMatchObject({ status: 'error', runFailed: true });
    expect(nodes.find((n) => n.id === 'agent:PaymentAgent')?.status).toBe('error');
    expect(sum(services, 'failedCalls')).toBe(summary.errors);
    expect(sum(agents, 'failedCalls')).toBe(summary.errors);
    expect(sum(services, 'faults')).toBe(summary.faults);
    expect(sum(agents, 'faults')).toBe(summary.faults);
    expect(sum(agents, 'blocked')).toBe(summary.blocked);
    expect({ errors: row.errorCount, faults: row.faultCount }).toEqual({
      errors: summary.errors,
      faults: summary.faults,
    });
  });

  it('the classic orchestrator in a failed run is red', async () => {
    const { result, nodes } = await folded({ customerId: 'cus_grace', mode: 'orchestrator' });
    expect(result.status).toBe('failed');
    expect(nodes.find((n) => n.id === 'agent:OrderService')).toMatchObject({ status: 'error', runFailed: true });
  });
});
