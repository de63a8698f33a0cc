import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventLabel } from '@/components/replay/event-label';
import { modelsFromEnv } from '@/lib/checkout/app-services';
import { assessOrder } from '@/lib/checkout/settle-order';
import { DEFAULT_MODEL_CALL_SETTINGS } from '@/lib/models/call-settings';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';
import { anthropicEnv, plannerBrain, startFakeModelServer, withBehaviour } from '../../support/fake-llm';
import { BEHAVIOURS, type ModelBehaviour } from '../../support/fake-llm/conformance-behaviours';

/**
 * The model conformance suite: for each behaviour real models show, an order placed through the real
 * AI SDK provider against a fake model server that speaks the provider's HTTP API on 127.0.0.1. The
 * run must end, say what happened in words, place the order where the behaviour allows it (else fail
 * it cleanly), and leave nothing held: no reservation, no open authorization, at most one capture.
 */

interface Dialect {
  name: string;
  env(url: string): Record<string, string>;
  stream: boolean;
  /** Only these behaviours (all when absent): the plain-JSON wire is checked on a sample. */
  only?: string[];
}

const DIALECTS: Dialect[] = [
  {
    name: 'OpenAI chat completions, streamed',
    stream: true,
    env: (url) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: url, AI_MODEL: 'gpt-fake' }),
  },
  {
    name: 'Anthropic Messages, streamed',
    stream: true,
    env: anthropicEnv,
  },
  {
    name: 'OpenAI chat completions, plain JSON',
    stream: false,
    env: (url) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: url, AI_MODEL: 'gpt-fake' }),
    only: [
      'the answer as bare JSON',
      'a hallucinated tool',
      'truncation at the token limit',
      '429 with Retry-After',
      'a refusal',
    ],
  },
  {
    name: 'Anthropic Messages, plain JSON',
    stream: false,
    env: anthropicEnv,
    only: ['the answer with prose around it', 'malformed tool-call JSON', 'an empty reply', 'a 500'],
  },
];

describe.each(DIALECTS)('model conformance: $name', (dialect) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createCheckoutHarness();
  });
  afterAll(async () => {
    await h?.dispose();
  });

  const behaviours = BEHAVIOURS.filter((b) => !dialect.only || dialect.only.includes(b.name)).filter(
    (b) => dialect.stream || !b.midToken,
  );
  it.each(behaviours.map((b) => [b.name, b] as [string, ModelBehaviour]))('%s', async (_name, behaviour) => {
    const server = await startFakeModelServer({
      brain: withBehaviour(plannerBrain(), behaviour.act),
      chunking: behaviour.midToken ? 'mid-token' : 'words',
    });
    try {
      h.rt.modelFor = modelsFromEnv(dialect.env(server.url));
      h.rt.modelSettings = {
        ...DEFAULT_MODEL_CALL_SETTINGS,
        stream: dialect.stream,
        stepTimeoutMs: 1500,
        maxRetries: 3,
      };
      const [run] = await h.order({ customerId: 'cus_ada', items: [{ sku: 'CB-010', quantity: 1 }] });

      // It ended, and the way it ended is the one the behaviour allows.
      const row = await h.t.db.run.findUniqueOrThrow({ where: { id: run.runId } });
      expect(['succeeded', 'failed']).toContain(row.status);
      expect(run.order.status).toBe(behaviour.expect);
      expect(server.requests.length).toBeGreaterThan(0);

      // The trace says what happened, in words.
      const lines = (await h.events(run.runId)).map(eventLabel);
      expect(
        lines.some((line) => behaviour.says.test(line)),
        `no line matches ${behaviour.says}:\n${lines.join('\n')}`,
      ).toBe(true);
      expect(lines.join('\n')).not.toContain('\uFFFD');

      // Nothing held: the invariants of a placed or cleanly failed order.
      const order = await assessOrder(h.t.db, run.order.orderId);
      expect(order.violations).toEqual([]);
      expect(order.heldReservations).toBe(0);
      expect(order.openAuthorizations).toBe(0);
      expect(order.capturedCents).toBeLessThanOrEqual(order.totalCents);
      if (order.status === 'failed') expect(order.capturedCents - order.refundedCents).toBe(0);
    } finally {
      await server.close();
    }
  });
});
