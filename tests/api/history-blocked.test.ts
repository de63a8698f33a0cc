import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/runs/route';
import type { HistoryRun } from '@/lib/history/history-row';
import { createCheckoutHarness, type Harness } from '../support/checkout-harness';
import { adversarialModels, placeVictimOrder } from '../support/adversarial-specialists';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import { historyPageSchema } from '@/lib/wire/history';

/** GET /api/runs?blocked=…: the runs where the guard refused calls, and their count on each line. */

let h: Harness;
let victimRunId: string;
let attackerRunId: string;
let attacks: number;

beforeAll(async () => {
  h = await createCheckoutHarness();
  process.env.DATABASE_URL = h.t.url;
  const victim = await placeVictimOrder(h);
  victimRunId = (await h.t.db.run.findFirstOrThrow({ where: { customerId: victim.customerId } })).id;
  const adversary = adversarialModels(h.t.db, victim, { customerId: 'cus_edsger', cardId: 'pm_edsger_visa' });
  h.rt.modelFor = adversary.modelFor;
  [{ runId: attackerRunId }] = await h.order({ customerId: 'cus_edsger' });
  attacks = adversary.attacks.length;
}, 120_000);
afterAll(async () => h.dispose());

async function list(query: string): Promise<HistoryRun[]> {
  const res = await GET(new Request(`http://test/api/runs?${query}`));
  expect(res.status, await res.clone().text()).toBe(200);
  return historyPageSchema.parse(await res.json()).runs;
}

describe('GET /api/runs: blocked attempts', () => {
  it('blocked=1 lists the run whose calls the guard refused, with their count apart from its errors', async () => {
    const runs = await list('blocked=1');
    expect(runs.map((r) => r.id)).toEqual([attackerRunId]);
    const row = await h.t.db.run.findUniqueOrThrow({ where: { id: attackerRunId } });
    expect(runs[0]).toMatchObject({ blockedCount: attacks, errorCount: row.errorCount });
    expect(attacks).toBeGreaterThan(0);
  });

  it('blocked=0 lists the runs without any, and combines with other filters', async () => {
    expect((await list('blocked=0')).map((r) => r.id)).toEqual([victimRunId]);
    expect((await list('blocked=0')).every((r) => r.blockedCount === 0)).toBe(true);
    expect(await list('blocked=true&customerId=cus_ada')).toEqual([]);
    expect((await list('blocked=1&customerId=cus_edsger')).map((r) => r.id)).toEqual([attackerRunId]);
  });

  it('an unknown tool attempt is findable by its reason as an error code, and by the tool it tried', async () => {
    expect((await list('errorCode=unknown_tool')).map((r) => r.id)).toEqual([attackerRunId]);
    expect((await list('tool=payment_refund&agent=InventoryAgent')).map((r) => r.id)).toEqual([attackerRunId]);
  });

  it('a bad value is a 400 naming the field', async () => {
    const res = await GET(new Request('http://test/api/runs?blocked=maybe'));
    expect(res.status).toBe(400);
    const body = apiErrorBodySchema.parse(await res.json());
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.fields).toEqual([{ path: 'blocked', message: 'must be 1 or 0' }]);
  });
});
