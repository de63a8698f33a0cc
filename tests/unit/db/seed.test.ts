import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.dispose());

describe('demo seed', () => {
  it('has at least 12 products with stock, two of them nearly out of stock', async () => {
    const products = await t.db.product.findMany();
    expect(products.length).toBeGreaterThanOrEqual(12);
    expect(products.every((p) => p.stock > 0 && p.reserved === 0 && p.priceCents > 0)).toBe(true);
    expect(products.filter((p) => p.stock <= 2).length).toBe(2);
  });

  it('covers every customer situation the demo needs', async () => {
    const customers = await t.db.customer.findMany({ include: { paymentMethods: true } });
    expect(customers.length).toBeGreaterThanOrEqual(8);
    const cardsOf = (c: (typeof customers)[number]) => c.paymentMethods;
    const primary = (c: (typeof customers)[number]) => cardsOf(c).find((pm) => pm.role === 'primary');
    const backup = (c: (typeof customers)[number]) => cardsOf(c).find((pm) => pm.role === 'backup');

    expect(customers.some((c) => primary(c)?.status === 'active' && primary(c)?.behavior === 'approve')).toBe(true);
    expect(
      customers.some(
        (c) =>
          primary(c)?.behavior === 'decline' && backup(c)?.behavior === 'approve' && backup(c)?.status === 'active',
      ),
    ).toBe(true);
    expect(customers.some((c) => primary(c) && !backup(c))).toBe(true);
    expect(customers.some((c) => cardsOf(c).some((pm) => pm.status === 'expired'))).toBe(true);
    expect(customers.some((c) => cardsOf(c).length === 0)).toBe(true);
    expect(customers.some((c) => !['US', 'CA', 'GB', 'NL', 'DE', 'FR'].includes(c.country))).toBe(true);
  });

  it('does not seed twice', async () => {
    const { seedIfEmpty } = await import('@/lib/db/seed');
    expect(await seedIfEmpty(t.db)).toBe(false);
  });
});
