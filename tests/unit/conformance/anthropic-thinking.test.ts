import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { modelsFromEnv } from '@/lib/checkout/app-services';
import { DEFAULT_MODEL_CALL_SETTINGS } from '@/lib/models/call-settings';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';
import { anthropicEnv, plannerBrain, startFakeModelServer } from '../../support/fake-llm';

/**
 * Anthropic signs each thinking block, and wants it back, signature and all, ahead of the tool call it
 * led to when the conversation goes on (the SDK drops a block without one). Streamed, the signature
 * comes on a delta of its own: the agents' stream reader must keep it.
 */

const assistantTurns = z.object({
  messages: z.array(
    z.object({ role: z.string(), content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]) }),
  ),
});

describe.each([true, false])('Anthropic thinking blocks, streamed: %s', (stream) => {
  let h: Harness;
  beforeAll(async () => {
    h = await createCheckoutHarness();
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it('go back to the model as they came, signed, before the tool call they led to', async () => {
    const server = await startFakeModelServer({ brain: plannerBrain() });
    try {
      h.rt.modelFor = modelsFromEnv(anthropicEnv(server.url));
      h.rt.modelSettings = { ...DEFAULT_MODEL_CALL_SETTINGS, stream };
      const [run] = await h.order({ customerId: 'cus_ada', items: [{ sku: 'CB-010', quantity: 1 }] });
      expect(run.order.status).toBe('placed');

      const sentBack = server.requests.flatMap((request) =>
        assistantTurns
          .parse(request.body)
          .messages.filter((m) => m.role === 'assistant' && Array.isArray(m.content))
          .map((m) => m.content as { type: string; signature?: unknown }[]),
      );
      const withToolUse = sentBack.filter((content) => content.some((block) => block.type === 'tool_use'));
      expect(withToolUse.length).toBeGreaterThan(0);
      for (const content of withToolUse) {
        expect(content[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/.+/) });
      }
    } finally {
      await server.close();
    }
  });
});
