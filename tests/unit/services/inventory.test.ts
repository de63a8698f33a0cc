import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrder, createWorld, errorOf, value, type ServiceWorld } from '../../support/services';

let w: ServiceWorld;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w.t.dispose());

const product = (sku: string) => w.db.product.findUniqueOrThrow({ where: { sku } });

describe('inventory.check', () => {
  it('answers per SKU with what is available, summing repeated SKUs', async () => {
    const result = value(
      await w.services.inventory.check({
        items: [
          { sku: 'KB-001', quantity: 2 },
          { sku: 'DS-008', quantity: 3 },
          { sku: 'KB-001', quantity: 1 },
        ],
      }),
    );
    expect(result.items).toEqual([
      {
        sku: 'KB-001',
        productId: 'prd_keyboard',
        name: 'Mechanical Keyboard',
        requested: 3,
        available: 40,
        inStock: true,
      },
      { sku: 'DS-008', productId: 'prd_desk', name: 'Standing Desk', requested: 3, available: 2, inStock: false },
    ]);
    expect(result.allInStock).toBe(false);
  });

  it('names unknown SKUs and bad fields', async () => {
    const unknown = errorOf(await w.services.inventory.check({ items: [{ sku: 'NOPE-1', quantity: 1 }] }), 'not_found');
    expect(unknown.message).toContain('NOPE-1');
    const bad = errorOf(await w.services.inventory.check({ items: [{ sku: 'KB-001', quantity: 0 }] }), 'invalid_input');
    expect(bad.message).toContain('items.0.quantity');
    expect(bad.retryable).toBe(false);
    expect(
      errorOf(await w.services.inventory.check({ items: [], extra: 1 } as never), 'invalid_input').message,
    ).toMatch(/items.*extra/s);
  });
});

describe('inventory.reserve / release / commit', () => {
  it('reserves every item of the order, idempotently', async () => {
    const order = await createOrder(w.db, 'cus_ada', [
      { sku: 'MN-003', quantity: 2 },
      { sku: 'LP-009', quantity: 1 },
    ]);
    const first = value(await w.services.inventory.reserve({ orderId: order.id }));
    expect(first).toEqual({
      orderId: order.id,
      items: [
        { sku: 'LP-009', quantity: 1 },
        { sku: 'MN-003', quantity: 2 },
      ],
    });
    expect(value(await w.services.inventory.reserve({ orderId: order.id }))).toEqual(first);
    expect((await product('MN-003')).reserved).toBe(2);
    expect(await w.db.reservation.count({ where: { orderId: order.id, status: 'held' } })).toBe(2);
  });

  it('reserves nothing when one item lacks stock, and names it', async () => {
    const order = await createOrder(w.db, 'cus_ada', [
      { sku: 'KB-001', quantity: 1 },
      { sku: 'SD-011', quantity: 2 },
    ]);
    const error = errorOf(await w.services.inventory.reserve({ orderId: order.id }), 'out_of_stock');
    expect(error.details?.skus).toEqual(['SD-011']);
    expect(error.message).toContain('SD-011 (requested 2, available 1)');
    expect(error.retryable).toBe(false);
    expect((await product('KB-001')).reserved).toBe(0);
    expect(await w.db.reservation.count({ where: { orderId: order.id } })).toBe(0);
  });

  it('releases held stock once; a second release changes nothing', async () => {
    const order = await createOrder(w.db, 'cus_ada', [{ sku: 'WC-005', quantity: 3 }]);
    value(await w.services.inventory.reserve({ orderId: order.id }));
    expect((await product('WC-005')).reserved).toBe(3);
    expect(value(await w.services.inventory.release({ orderId: order.id }))).toEqual({
      orderId: order.id,
      released: [{ sku: 'WC-005', quantity: 3 }],
    });
    expect(value(await w.services.inventory.release({ orderId: order.id }))).toEqual({
      orderId: order.id,
      released: [],
    });
    const after = await product('WC-005');
    expect([after.stock, after.reserved]).toEqual([18, 0]);
  });

  it('commits held stock: stock and reserved both drop; a second commit answers the same', async () => {
    const order = await createOrder(w.db, 'cus_ada', [{ sku: 'MC-012', quantity: 4 }]);
    value(await w.services.inventory.reserve({ orderId: order.id }));
    const committed = value(await w.services.inventory.commit({ orderId: order.id }));
    expect(committed).toEqual({ orderId: order.id, committed: [{ sku: 'MC-012', quantity: 4 }] });
    expect(value(await w.services.inventory.commit({ orderId: order.id }))).toEqual(committed);
    const after = await product('MC-012');
    expect([after.stock, after.reserved]).toEqual([11, 0]);
    // Sold stock is neither released nor reserved again.
    expect(value(await w.services.inventory.release({ orderId: order.id })).released).toEqual([]);
    errorOf(await w.services.inventory.reserve({ orderId: order.id }), 'invalid_state');
  });

  it('refuses to commit what was never reserved, and unknown or closed orders', async () => {
    const order = await createOrder(w.db, 'cus_ada', [{ sku: 'ST-013', quantity: 1 }]);
    expect(errorOf(await w.services.inventory.commit({ orderId: order.id }), 'invalid_state').message).toContain(
      'reserve the stock',
    );
    errorOf(await w.services.inventory.reserve({ orderId: 'ord_missing' }), 'not_found');
    errorOf(await w.services.inventory.release({ orderId: 'ord_missing' }), 'not_found');
    errorOf(await w.services.inventory.commit({ orderId: 'ord_missing' }), 'not_found');
    const cancelled = await createOrder(w.db, 'cus_ada', [{ sku: 'ST-013', quantity: 1 }], 'cancelled');
    errorOf(await w.services.inventory.reserve({ orderId: cancelled.id }), 'invalid_state');
    errorOf(await w.services.inventory.reserve({ orderId: '' }), 'invalid_input');
  });

  it('lets exactly the available units be reserved when orders race for the last ones', async () => {
    const orders = await Promise.all(
      Array.from({ length: 6 }, () => createOrder(w.db, 'cus_ada', [{ sku: 'DS-008', quantity: 1 }])),
    );
    const results = await Promise.all(orders.map((o) => w.services.inventory.reserve({ orderId: o.id })));
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok && r.error.code === 'out_of_stock')).toHaveLength(4);
    const desk = await product('DS-008');
    expect([desk.stock, desk.reserved]).toEqual([2, 2]);
  });
});
