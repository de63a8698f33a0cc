import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { GET } from '@/app/api/orders/[id]/route';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import { orderDetailsSchema } from '@/lib/wire/orders';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  // The route reads the process-wide database; point it at this throw-away one.
  process.env.DATABASE_URL = t.url;
  await t.db.order.create({
    data: {
      id: 'ord_1',
      customerId: 'cus_grace',
      status: 'placed',
      totalCents: 17800,
      outcome: 'order placed on the backup card',
      items: {
        create: [
          { productId: 'prd_keyboard', sku: 'KB-001', quantity: 1, unitPriceCents: 12900 },
          { productId: 'prd_mouse', sku: 'MS-002', quantity: 1, unitPriceCents: 4900 },
        ],
      },
      reservations: { create: [{ productId: 'prd_keyboard', quantity: 1, status: 'committed' }] },
      payments: {
        create: [
          {
            id: 'pay_1',
            kind: 'authorization',
            amountCents: 17800,
            status: 'failed',
            errorCode: 'card_declined',
            idempotencyKey: 'k1',
            requestHash: 'h1',
            paymentMethodId: 'pm_grace_visa',
          },
          {
            id: 'pay_2',
            kind: 'authorization',
            amountCents: 17800,
            status: 'succeeded',
            idempotencyKey: 'k2',
            requestHash: 'h2',
            paymentMethodId: 'pm_grace_mc',
          },
        ],
      },
      shipments: {
        create: [
          {
            carrier: 'UPS',
            labelId: 'lbl_1',
            trackingNo: '1Z999',
            addressLine: '7 Compiler Street',
            city: 'New York',
            postalCode: '10001',
            country: 'US',
            costCents: 900,
            status: 'label_created',
          },
        ],
      },
      notifications: {
        create: [
          {
            channel: 'email',
            to: 'grace@example.com',
            subject: 'Your order',
            body: 'Thanks <b>Grace</b>',
            customerId: 'cus_grace',
          },
        ],
      },
    },
  });
});
afterAll(async () => t.dispose());

const get = (id: string) =>
  GET(new Request(`http://test/api/orders/${encodeURIComponent(id)}`), { params: Promise.resolve({ id }) });

describe('GET /api/orders/:id', () => {
  it('returns the order with items, reservations, payments, shipments and notifications', async () => {
    const res = await get('ord_1');
    expect(res.status).toBe(200);
    const body = orderDetailsSchema.parse(await res.json());
    expect(body.order).toMatchObject({
      id: 'ord_1',
      customerName: 'Grace Hopper',
      status: 'placed',
      totalCents: 17800,
    });
    expect(body.items.map((i: { sku: string; productName: string }) => [i.sku, i.productName])).toEqual([
      ['KB-001', 'Mechanical Keyboard'],
      ['MS-002', 'Wireless Mouse'],
    ]);
    expect(body.reservations).toEqual([expect.objectContaining({ sku: 'KB-001', quantity: 1, status: 'committed' })]);
    expect(body.payments.map((p) => [p.status, p.errorCode, p.card])).toEqual([
      ['failed', 'card_declined', 'visa ··0002'],
      ['succeeded', null, 'mastercard ··4444'],
    ]);
    expect(body.shipments[0]).toMatchObject({
      carrier: 'UPS',
      trackingNo: '1Z999',
      address: '7 Compiler Street, New York, 10001, US',
    });
    // Stored text comes back as text, untouched.
    expect(body.notifications[0]).toMatchObject({ channel: 'email', body: 'Thanks <b>Grace</b>' });
  });

  it('answers 404 with an error body for an unknown order', async () => {
    const res = await get('ord_missing');
    expect(res.status).toBe(404);
    expect(apiErrorBodySchema.parse(await res.json()).error.code).toBe('not_found');
  });

  it('answers 400 naming the field for a blank or oversized id', async () => {
    for (const id of ['  ', 'x'.repeat(101)]) {
      const res = await get(id);
      expect(res.status).toBe(400);
      const body = apiErrorBodySchema.parse(await res.json());
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.fields[0].path).toBe('id');
    }
  });
});
