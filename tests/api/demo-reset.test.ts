import { describe, expect, it } from 'vitest';
import { POST as postOrder } from '@/app/api/orders/route';
import { POST as postReset } from '@/app/api/demo/reset/route';
import { POST as postPace } from '@/app/api/runs/[id]/pace/route';
import { placeOrderRuns } from '@/lib/checkout/place-order';
import { getAppServices } from '@/lib/checkout/app-services';
import { runInProgress } from '@/lib/checkout/run-registry';
import { DEMO_CUSTOMERS, DEMO_PRODUCTS } from '@/lib/db/demo-data';
import { withAppDatabase } from '../support/app-database';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import { placedOrderSchema } from '@/lib/wire/orders';
import { demoResetSchema } from '@/lib/wire/demo';

const app = withAppDatabase();
const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const cards = (customerId: string) =>
  app.db.paymentMethod.findMany({
    where: { customerId },
    orderBy: { id: 'asc' },
    select: { id: true, role: true, status: true, behavior: true },
  });
const seededCards = (customerId: string) =>
  DEMO_CUSTOMERS.find((c) => c.id === customerId)!
    .cards.map(({ id, role, status, behavior }) => ({ id, role, status, behavior }))
    .sort((a, b) => a.id.localeCompare(b.id));
const newCard = (customerId: string, id: string) =>
  app.db.paymentMethod.create({
    data: {
      id,
      customerId,
      brand: 'visa',
      last4: '9999',
      expMonth: 1,
      expYear: 2040,
      role: 'backup',
      status: 'active',
      behavior: 'approve',
    },
  });

describe('POST /api/demo/reset', () => {
  it('puts products, stock, customers and cards back to the seed and keeps the run history', async () => {
    const res = await postOrder(
      new Request('http://test/api/orders', json({ customerId: 'cus_ada', items: [{ sku: 'DS-008', quantity: 2 }] })),
    );
    const { runs } = placedOrderSchema.parse(await res.json());
    await runInProgress(runs[0].runId);
    expect((await app.db.product.findUniqueOrThrow({ where: { sku: 'DS-008' } })).stock).toBe(0);
    // What runs and people leave behind: a new card, a pending card request, an edited profile and card.
    await newCard('cus_linus', 'pm_extra_linus');
    await app.db.cardRequest.create({
      data: { id: 'cardreq_x', customerId: 'cus_alan', status: 'pending', availableAt: new Date() },
    });
    await app.db.paymentMethod.update({
      where: { id: 'pm_grace_visa' },
      data: { behavior: 'approve', status: 'disabled' },
    });
    await app.db.product.update({ where: { sku: 'KB-001' }, data: { priceCents: 1, stock: 3 } });
    const runCount = await app.db.run.count();

    const reset = await postReset();
    expect(reset.status).toBe(200);
    expect(demoResetSchema.parse(await reset.json())).toMatchObject({
      products: DEMO_PRODUCTS.length,
      customers: DEMO_CUSTOMERS.length,
    });
    for (const p of DEMO_PRODUCTS)
      expect(await app.db.product.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({
        stock: p.stock,
        priceCents: p.priceCents,
        reserved: 0,
      });
    for (const c of DEMO_CUSTOMERS) expect(await cards(c.id)).toEqual(seededCards(c.id));
    expect(await app.db.cardRequest.count()).toBe(0);
    expect(await app.db.run.count()).toBe(runCount);
    expect(await app.db.order.count()).toBeGreaterThan(0);
  });

  it('409 while a run is going on, 200 once it has ended', async () => {
    const res = await postOrder(
      new Request(
        'http://test/api/orders',
        json({ customerId: 'cus_ada', items: [{ sku: 'LP-009', quantity: 1 }], pace: 'slow_motion' }),
      ),
    );
    const { runs } = placedOrderSchema.parse(await res.json());
    const refused = await postReset();
    expect(refused.status).toBe(409);
    expect(apiErrorBodySchema.parse(await refused.json()).error.code).toBe('runs_in_progress');
    await postPace(new Request('http://test', json({ pace: 'instant' })), {
      params: Promise.resolve({ id: runs[0].runId }),
    });
    await runInProgress(runs[0].runId);
    expect((await postReset()).status).toBe(200);
  });
});

describe('the demo customers stay what they are', () => {
  it('"two checkouts" puts its customer back as seeded once both runs have ended', async () => {
    await newCard('cus_alan', 'pm_extra_alan');
    const { placed, done } = await placeOrderRuns(await getAppServices(), {
      customerId: 'cus_alan',
      items: [{ sku: 'LP-009', quantity: 1 }],
      mode: 'both',
    });
    expect(placed).toHaveLength(2);
    await done;
    expect(await cards('cus_alan')).toEqual(seededCards('cus_alan'));
  });
});
