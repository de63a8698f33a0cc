import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { GET } from '@/app/api/notifications/route';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import { notificationListSchema } from '@/lib/wire/orders';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  for (const [id, customerId] of [
    ['ord_a', 'cus_ada'],
    ['ord_b', 'cus_grace'],
  ] as const) {
    await t.db.order.create({ data: { id, customerId, totalCents: 100 } });
  }
  await t.db.run.create({ data: { id: 'run_a', orderId: 'ord_a', goal: 'g', model: 'm' } });
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
  await t.db.notification.createMany({
    data: [
      {
        id: 'n1',
        orderId: 'ord_a',
        customerId: 'cus_ada',
        channel: 'email',
        to: 'ada@example.com',
        subject: 'Confirmed',
        body: 'A1',
        createdAt: at(1),
      },
      {
        id: 'n2',
        orderId: 'ord_b',
        customerId: 'cus_grace',
        channel: 'sms',
        to: '+1 212 555 0102',
        body: 'B1',
        createdAt: at(2),
      },
      {
        id: 'n3',
        orderId: 'ord_a',
        customerId: 'cus_ada',
        channel: 'sms',
        to: '+1 415 555 0101',
        body: 'A2',
        createdAt: at(3),
      },
    ],
  });
});
afterAll(async () => t.dispose());

const get = async (query: string) => {
  const res = await GET(new Request(`http://test/api/notifications${query}`));
  return { status: res.status, body: (await res.json()) as unknown };
};
const listed = async (query: string) => notificationListSchema.parse((await get(query)).body).notifications;

describe('GET /api/notifications', () => {
  it('lists every message newest first, with the customer name', async () => {
    const { status, body: raw } = await get('');
    const body = notificationListSchema.parse(raw);
    expect(status).toBe(200);
    expect(body.notifications.map((n) => n.id)).toEqual(['n3', 'n2', 'n1']);
    expect(body.notifications[1]).toMatchObject({
      channel: 'sms',
      customerName: 'Grace Hopper',
      orderId: 'ord_b',
      runId: null,
    });
    expect(body.notifications[0]).toMatchObject({ orderId: 'ord_a', runId: 'run_a' });
  });

  it('filters by order and limits the count', async () => {
    expect((await listed('?orderId=ord_a')).map((n) => n.id)).toEqual(['n3', 'n1']);
    expect((await listed('?orderId=ord_a&limit=1')).map((n) => n.id)).toEqual(['n3']);
    expect(await listed('?orderId=nope')).toEqual([]);
  });

  it('treats an empty filter as no filter', async () => {
    expect(await listed('?orderId=')).toHaveLength(3);
  });

  it('answers 400 naming the field for a bad limit', async () => {
    for (const q of ['?limit=0', '?limit=abc', '?limit=501', '?limit=1.5']) {
      const { status, body: raw } = await get(q);
      const body = apiErrorBodySchema.parse(raw);
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: 'invalid_input', fields: [expect.objectContaining({ path: 'limit' })] });
    }
  });
});
