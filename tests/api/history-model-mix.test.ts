import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/runs/route';
import { historyFacets } from '@/lib/history/facets';
import type { HistoryRun } from '@/lib/history/history-row';
import { modelsFromEnv } from '@/lib/checkout/app-services';
import { createCheckoutHarness, type Harness } from '../support/checkout-harness';
import { plannerBrain, startFakeModelServer, type FakeModelServer } from '../support/fake-llm';
import { historyPageSchema } from '@/lib/wire/history';

/** A run whose agents think with different models is found by any of them, and says which agent used which. */

let h: Harness;
let server: FakeModelServer;
let mixedRunId: string;
let offlineRunId: string;

beforeAll(async () => {
  h = await createCheckoutHarness();
  process.env.DATABASE_URL = h.t.url;
  [{ runId: offlineRunId }] = await h.order({ customerId: 'cus_ada' });
  server = await startFakeModelServer({ brain: plannerBrain() });
  h.rt.modelFor = modelsFromEnv({
    OPENAI_COMPATIBLE_BASE_URL: server.url,
    AI_MODEL: 'small-local',
    AI_MODEL_PAYMENT_AGENT: 'big-local',
    AI_MODEL_CHECKOUT_AGENT: 'offline',
  });
  h.rt.modelLabel = () => h.rt.modelFor('CheckoutAgent').label;
  [{ runId: mixedRunId }] = await h.order({ customerId: 'cus_ada' });
}, 180_000);
afterAll(async () => {
  await server?.close();
  await h?.dispose();
});

async function list(query: string): Promise<HistoryRun[]> {
  const res = await GET(new Request(`http://test/api/runs?${query}`));
  expect(res.status, await res.clone().text()).toBe(200);
  return historyPageSchema.parse(await res.json()).runs;
}

describe('the model mix of a run', () => {
  it('is recorded per agent, in the run and its run.started event', async () => {
    const models = await h.t.db.runModel.findMany({ where: { runId: mixedRunId }, orderBy: { agent: 'asc' } });
    expect(Object.fromEntries(models.map((m) => [m.agent, m.model]))).toEqual({
      CheckoutAgent: 'offline-planner:offline-planner-v1',
      CustomerAgent: 'openai-compatible:small-local',
      InventoryAgent: 'openai-compatible:small-local',
      NotificationAgent: 'openai-compatible:small-local',
      PaymentAgent: 'openai-compatible:big-local',
      ShippingAgent: 'openai-compatible:small-local',
    });
    const started = (await h.events(mixedRunId)).find((e) => e.type === 'run.started');
    expect(started?.type === 'run.started' && started.data.models?.PaymentAgent).toBe('openai-compatible:big-local');
    // The model steps name the model that took them.
    const paymentSteps = (await h.events(mixedRunId)).filter(
      (e) => e.type === 'model.step' && e.agent === 'PaymentAgent',
    );
    expect(paymentSteps.length).toBeGreaterThan(0);
    expect(paymentSteps.every((e) => e.type === 'model.step' && e.data.model === 'openai-compatible:big-local')).toBe(
      true,
    );
  });

  it("history's model filter finds a run by any of its agents' models", async () => {
    expect((await list('model=openai-compatible:big-local')).map((r) => r.id)).toEqual([mixedRunId]);
    expect((await list('model=openai-compatible:small-local')).map((r) => r.id)).toEqual([mixedRunId]);
    expect((await list('model=offline-planner:offline-planner-v1')).map((r) => r.id).sort()).toEqual(
      [mixedRunId, offlineRunId].sort(),
    );
    expect(await list('model=openai:gpt-4.1')).toEqual([]);
  });

  it("the filter offers every agent's model", async () => {
    const { models } = await historyFacets(h.t.db);
    expect(models).toEqual(
      expect.arrayContaining([
        'openai-compatible:big-local',
        'openai-compatible:small-local',
        'offline-planner:offline-planner-v1',
      ]),
    );
  });
});
