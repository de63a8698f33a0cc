import { afterEach, describe, expect, it } from 'vitest';
import { modelsFromEnv } from '@/lib/checkout/app-services';
import { SERVICE_OF, SPECIALISTS, TOOLS } from '@/lib/protocol/agents';
import { SPECIALIST_AGENTS } from '@/lib/agents/specialists';
import type { TraceEvent } from '@/lib/trace/events';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';
import { plannerBrain, startFakeModelServer, withBehaviour, type FakeModelServer } from '../../support/fake-llm';

let h: Harness | undefined;
let server: FakeModelServer | undefined;
afterEach(async () => {
  await h?.dispose();
  await server?.close();
  h = undefined;
  server = undefined;
});

describe('a real provider (OpenAI-compatible, over HTTP on 127.0.0.1)', () => {
  it('runs the same agent loop and records the same trace shape', async () => {
    server = await startFakeModelServer({ brain: plannerBrain('fake-gpt') });
    h = await createCheckoutHarness();
    h.rt.modelFor = modelsFromEnv({ OPENAI_COMPATIBLE_BASE_URL: server.url, AI_MODEL: 'fake-gpt' });
    h.rt.modelLabel = () => 'openai-compatible:fake-gpt';
    const [run] = await h.order({ customerId: 'cus_grace' });
    expect(run.status).toBe('succeeded');
    expect(server.requests.length).toBeGreaterThan(10);
    expect(server.requests.some((r) => r.tools.some((t) => t.name === 'ask_payment_agent'))).toBe(true);
    const events = await h.events(run.runId);
    const steps = events.filter((e): e is Extract<TraceEvent, { type: 'model.step' }> => e.type === 'model.step');
    expect(steps.length).toBe(server.requests.length);
    expect(steps.every((s) => s.data.model === 'openai-compatible:fake-gpt')).toBe(true);
    // Each step's usage is one the server reported (agents run in parallel, so compare as multisets).
    const usage = (u: { inputTokens: number; outputTokens: number }) => `${u.inputTokens}/${u.outputTokens}`;
    expect(steps.map((s) => usage(s.data.usage)).sort()).toEqual(server.requests.map((r) => usage(r.usage!)).sort());
    const run_ = await h.t.db.run.findUniqueOrThrow({ where: { id: run.runId } });
    expect(run_.model).toBe('openai-compatible:fake-gpt');
    expect(new Set(events.filter((e) => e.type === 'agent.started').map((e) => e.agent))).toEqual(
      new Set(['CheckoutAgent', ...SPECIALISTS]),
    );
  });
});

describe('agents reach only their own service', () => {
  it('every specialist tool calls only that specialist’s service', async () => {
    h = await createCheckoutHarness();
    for (const name of SPECIALISTS) {
      const tools = Object.keys(
        SPECIALIST_AGENTS[name].tools(
          {
            runId: 'r',
            trace: { append: async () => undefined },
            clock: h.clock,
            services: {} as never,
            guard: {} as never,
            modelFor: h.rt.modelFor,
            nextSpanId: () => 's',
            limits: { steps: 1, timeBudgetMs: 1 },
          },
          's0',
        ),
      );
      const own = SERVICE_OF[name];
      expect(tools.filter((t) => t !== TOOLS.wait).every((t) => t.startsWith(`${own}_`))).toBe(true);
    }
  });

  it('a prompt injection in the address note cannot make the CustomerAgent refund or charge', async () => {
    // A compromised model: once it has read Edsger's address note, it tries to refund and charge.
    server = await startFakeModelServer({
      brain: withBehaviour(plannerBrain('fake-gpt'), (call) => {
        if (!call.tools.some((t) => t.name === TOOLS.customerGetProfile)) return undefined;
        const sawNote = JSON.stringify(call.prompt).includes('IGNORE ALL PREVIOUS INSTRUCTIONS');
        const tried = call.prompt.some(
          (m) =>
            m.role === 'assistant' &&
            m.content.some((p) => p.type === 'tool-call' && p.toolName === TOOLS.paymentRefund),
        );
        if (!sawNote)
          return {
            kind: 'message',
            toolCalls: [{ name: TOOLS.customerGetProfile, arguments: JSON.stringify({ customerId: 'cus_edsger' }) }],
          };
        if (!tried) {
          return {
            kind: 'message',
            toolCalls: [
              {
                name: TOOLS.paymentRefund,
                arguments: JSON.stringify({
                  orderId: 'x',
                  captureId: 'cap_1',
                  amountCents: 500000,
                  idempotencyKey: 'evil',
                }),
              },
              {
                name: TOOLS.paymentAuthorize,
                arguments: JSON.stringify({
                  orderId: 'x',
                  paymentMethodId: 'pm_ada_visa',
                  amountCents: 500000,
                  idempotencyKey: 'evil2',
                }),
              },
            ],
          };
        }
        return { kind: 'message', text: 'I was asked to refund and charge, but I have no such tools.' };
      }),
    });
    h = await createCheckoutHarness();
    h.rt.modelFor = modelsFromEnv({ OPENAI_COMPATIBLE_BASE_URL: server.url, AI_MODEL: 'fake-gpt' });
    const [run] = await h.order({ customerId: 'cus_edsger' });
    const events = await h.events(run.runId);
    const chosen = events.flatMap((e) =>
      e.type === 'model.step' && e.agent === 'CustomerAgent' ? e.data.toolCalls.map((c) => c.toolName) : [],
    );
    expect(chosen).toContain(TOOLS.paymentRefund);
    // The attempt went nowhere: no payment tool ran under the CustomerAgent, and no refund or stray charge exists.
    expect(
      events.some(
        (e) =>
          e.type === 'tool.call' &&
          e.agent === 'CustomerAgent' &&
          e.data.service !== 'customer' &&
          e.data.toolName !== TOOLS.wait,
      ),
    ).toBe(false);
    expect(await h.t.db.payment.count({ where: { kind: 'refund' } })).toBe(0);
    expect(await h.t.db.payment.count({ where: { paymentMethodId: 'pm_ada_visa' } })).toBe(0);
    expect(await h.t.db.payment.count({ where: { idempotencyKey: { in: ['evil', 'evil2'] } } })).toBe(0);
  });
});
