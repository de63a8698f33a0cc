import { afterEach, describe, expect, it } from 'vitest';
import { foldRunSummary } from '@/lib/trace/projections/run-summary';
import { foldGraph, toolEdgeId } from '@/lib/trace/projections/graph';
import type { TraceEventOf } from '@/lib/trace/events';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';
import { adversarialModels, placeVictimOrder, rowsOutside } from '../../support/adversarial-specialists';

/**
 * Run-scoped authority end to end: a run whose specialists obey a prompt injection and aim every
 * tool they have (and some they do not) at another customer's placed order. The guard must stop
 * each call before its service, say so in the trace, and leave everyone else's rows as they were.
 */

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe('a run cannot act outside its own order and customer', () => {
  it("an injected run's specialists touch nothing of another customer's, and every attempt is a guard.blocked event", async () => {
    h = await createCheckoutHarness();
    const victim = await placeVictimOrder(h);
    const { modelFor, attacks } = adversarialModels(h.t.db, victim, {
      customerId: 'cus_edsger',
      cardId: 'pm_edsger_visa',
    });
    h.rt.modelFor = modelFor;

    const items = [{ sku: 'KB-001', quantity: 1 }];
    const before = await rowsOutside(h.t.db, { orderId: null, customerId: 'cus_edsger', skus: ['KB-001'] });
    const [run] = await h.order({ customerId: 'cus_edsger', items });
    const orderId = (await h.t.db.run.findUniqueOrThrow({ where: { id: run.runId } })).orderId!;
    expect(await rowsOutside(h.t.db, { orderId, customerId: 'cus_edsger', skus: ['KB-001'] })).toBe(before);

    // Every specialist was compromised and attacked.
    expect(new Set(attacks.map((a) => a.agent))).toEqual(
      new Set(['InventoryAgent', 'PaymentAgent', 'ShippingAgent', 'NotificationAgent', 'CustomerAgent']),
    );
    const events = await h.events(run.runId);
    const blocked = events.filter((e): e is TraceEventOf<'guard.blocked'> => e.type === 'guard.blocked');
    expect(blocked).toHaveLength(attacks.length);
    for (const attack of attacks) {
      const event = blocked.find((b) => b.data.toolCallId === attack.toolCallId);
      expect(event, `${attack.agent} ${attack.toolName} ${JSON.stringify(attack.input)}`).toBeDefined();
      expect(event!.agent).toBe(attack.agent);
      expect(event!.data).toMatchObject({
        agent: attack.agent,
        toolName: attack.toolName,
        input: attack.input,
        reason: attack.foreign ? 'unknown_tool' : 'out_of_scope',
      });
      if (attack.foreign) {
        // The SDK refused it: no tool ran, the block is a span of its own under the agent, with the SDK's words.
        expect(event!.data.code).toBe('AI_NoSuchToolError');
        expect(events.some((e) => e.type === 'tool.call' && e.data.toolCallId === attack.toolCallId)).toBe(false);
        const agentSpan = events.find((e) => e.type === 'agent.started' && e.spanId === event!.parentSpanId);
        expect(agentSpan?.agent).toBe(attack.agent);
      } else {
        // The tool ran its scope check: the block sits on the tool's span, and the model got out_of_scope, not the service's reply.
        const call = events.find((e) => e.type === 'tool.call' && e.data.toolCallId === attack.toolCallId)!;
        expect(event!.spanId).toBe(call.spanId);
        const result = events.find(
          (e): e is TraceEventOf<'tool.result'> => e.type === 'tool.result' && e.data.toolCallId === attack.toolCallId,
        )!;
        expect(result.data).toMatchObject({
          status: 'error',
          error: { code: 'out_of_scope', retryable: false },
          output: { ok: false, error: { code: 'out_of_scope' } },
        });
        expect(events.some((e) => e.type === 'fault.injected' && e.spanId === call.spanId)).toBe(false);
      }
    }
    // Nothing the attacks named was written: no payment under their keys, no stray card request.
    expect(await h.t.db.payment.count({ where: { idempotencyKey: { startsWith: 'atk-' } } })).toBe(0);
    expect(await h.t.db.cardRequest.count({ where: { customerId: victim.customerId } })).toBe(1);

    // The run recovered and ended; its figures count the blocked attempts apart from service errors.
    const row = await h.t.db.run.findUniqueOrThrow({ where: { id: run.runId } });
    expect(['succeeded', 'failed']).toContain(row.status);
    const summary = foldRunSummary(events);
    expect(summary.blocked).toBe(attacks.length);
    const serviceErrors = events.filter(
      (e) => e.type === 'tool.result' && e.data.status === 'error' && e.data.error?.code !== 'out_of_scope',
    ).length;
    expect(summary.errors).toBe(serviceErrors);
    expect(row.errorCount).toBe(serviceErrors);

    // The graph marks them: the CustomerAgent's edge to notification exists only as blocked attempts.
    const graph = foldGraph(events);
    const foreignEdge = graph.edges[toolEdgeId('CustomerAgent', 'notification')];
    expect(foreignEdge).toMatchObject({
      count: 0,
      okCount: 0,
      errorCount: 0,
      blockedCount: attacks.filter((a) => a.agent === 'CustomerAgent' && a.foreign).length,
    });
    expect(graph.nodes['agent:PaymentAgent'].blocked).toBe(attacks.filter((a) => a.agent === 'PaymentAgent').length);
  }, 120_000);
});
