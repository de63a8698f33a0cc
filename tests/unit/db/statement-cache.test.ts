import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/tests/support/test-db';

describe('the statement cache over the better-sqlite3 adapter', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await t.dispose();
  });

  it('compiles a query once and reuses it with other arguments, rows and types intact', async () => {
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    const ada = await t.db.customer.findUnique({ where: { id: 'cus_ada' }, include: { paymentMethods: true } });
    const compiled = prepare.mock.calls.length;
    expect(compiled).toBeGreaterThan(0);
    const grace = await t.db.customer.findUnique({ where: { id: 'cus_grace' }, include: { paymentMethods: true } });
    expect(prepare.mock.calls.length).toBe(compiled);
    expect(ada?.name).toBe('Ada Lovelace');
    expect(grace?.name).toBe('Grace Hopper');
    expect(grace?.paymentMethods.map((m) => m.last4).sort()).toEqual(['0002', '4444']);
    expect(grace?.createdAt).toBeInstanceOf(Date);
  });

  it('reuses statements inside transactions, and a rolled-back write leaves nothing', async () => {
    await t.db.$transaction([t.db.product.update({ where: { id: 'prd_mouse' }, data: { stock: 61 } })]);
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    await t.db.$transaction([t.db.product.update({ where: { id: 'prd_mouse' }, data: { stock: 62 } })]);
    expect(prepare).not.toHaveBeenCalled();
    await expect(
      t.db.$transaction(async (tx) => {
        await tx.product.update({ where: { id: 'prd_mouse' }, data: { stock: 63 } });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect((await t.db.product.findUniqueOrThrow({ where: { id: 'prd_mouse' } })).stock).toBe(62);
  });

  it('maps constraint errors as Prisma does', async () => {
    await expect(
      t.db.product.create({ data: { id: 'prd_mouse', sku: 'X', name: 'x', description: '', priceCents: 1, stock: 1 } }),
    ).rejects.toMatchObject({ code: 'P2002' });
    // The statement that failed stays usable.
    await expect(
      t.db.product.create({
        data: { id: 'prd_new', sku: 'NEW-1', name: 'x', description: '', priceCents: 1, stock: 1 },
      }),
    ).resolves.toMatchObject({ id: 'prd_new' });
  });
});
