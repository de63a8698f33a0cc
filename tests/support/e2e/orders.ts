import { expect, type APIRequestContext } from '@playwright/test';
import { placedOrderSchema, type PlacedRun } from '@/lib/wire/orders';
import { runDetailsSchema, runLogSchema } from '@/lib/wire/runs';

export type { PlacedRun } from '@/lib/wire/orders';

/** Places an order through the API (as the store does) and waits until every run it started has ended. */
export async function placeAndFinish(
  request: APIRequestContext,
  order: {
    customerId: string;
    items?: { sku: string; quantity: number }[];
    mode?: 'agents' | 'orchestrator' | 'both';
    faultPreset?: string;
  },
): Promise<PlacedRun[]> {
  const res = await request.post('/api/orders', {
    data: { items: [{ sku: 'LP-009', quantity: 1 }], mode: 'agents', ...order },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { runs } = placedOrderSchema.parse(await res.json());
  await expect
    .poll(
      async () => {
        const statuses = await Promise.all(
          runs.map(
            async (r) => runDetailsSchema.parse(await (await request.get(`/api/runs/${r.runId}`)).json()).run.status,
          ),
        );
        return statuses.every((s) => s !== 'running');
      },
      { timeout: 120_000 },
    )
    .toBe(true);
  return runs;
}

/** The seq of a run's n-th model step by an agent. */
export async function modelStepSeq(request: APIRequestContext, runId: string, agent: string, nth = 0): Promise<number> {
  const { events } = runLogSchema.parse(await (await request.get(`/api/runs/${runId}/events.json`)).json());
  const steps = events.filter((e) => e.type === 'model.step' && e.agent === agent);
  if (!steps[nth]) throw new Error(`run ${runId} has no model step #${nth} by ${agent}`);
  return steps[nth].seq;
}
