/**
 * InventoryService: stock checks and per-order holds. Invariants, kept by conditional
 * updates inside one transaction per call: stock ≥ 0, 0 ≤ reserved ≤ stock, and
 * Product.reserved equals the sum of the held reservations.
 */
import { z } from 'zod';
import type { FaultDecision } from '@/lib/faults/injector';
import { nowDate, type ServiceContext } from './context';
import { withQuantityOffByOne } from './corruptions';
import { invalidState, notFound, outOfStock } from './errors';
import { id, orderInput, orderScope, sumBySku, type SkuQuantity } from './lookups';
import { defineOperation, type Reshaped } from './operation';
import { inTransaction, type Tx } from './transaction';
import { fail, ok, type ServiceResult } from './types';

const checkInput = z
  .object({
    items: z
      .array(z.object({ sku: id, quantity: z.int().min(1).max(10_000) }).strict())
      .min(1)
      .max(100),
  })
  .strict();

export interface StockLine {
  sku: string;
  productId: string;
  name: string;
  requested: number;
  available: number;
  inStock: boolean;
}
export interface CheckValue {
  items: StockLine[];
  allInStock: boolean;
}
export interface ReserveValue {
  orderId: string;
  items: SkuQuantity[];
}
export interface ReleaseValue {
  orderId: string;
  released: SkuQuantity[];
}
export interface CommitValue {
  orderId: string;
  committed: SkuQuantity[];
}

/** Thrown only when a guard that the transaction already checked fails: a bug, so the transaction rolls back. */
class InvariantBroken extends Error {}

function withLines(items: StockLine[]): CheckValue {
  const lines = items.map((line) => ({ ...line, inStock: line.available >= line.requested }));
  return { items: lines, allInStock: lines.every((line) => line.inStock) };
}

/**
 * An order's reservations in these statuses, each with its product's SKU. Read as two queries, the second
 * only when there is a reservation: Prisma's include would also query the products of none.
 */
async function reservationsOf(tx: Tx, orderId: string, statuses: ('held' | 'committed')[]) {
  const rows = await tx.reservation.findMany({ where: { orderId, status: { in: statuses } }, orderBy: { id: 'asc' } });
  if (rows.length === 0) return [];
  const products = await tx.product.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.productId))] } },
    select: { id: true, sku: true },
  });
  const skuOf = new Map(products.map((p) => [p.id, p.sku]));
  return rows.map((r) => ({ ...r, product: { sku: skuOf.get(r.productId)! } }));
}

/** Quantities per SKU, in SKU order, so that a replayed answer reads exactly like the first. */
const sorted = (lines: SkuQuantity[]) => [...lines].sort((x, y) => x.sku.localeCompare(y.sku));
const skuQuantities = (rows: { quantity: number; product: { sku: string } }[]) =>
  sorted(sumBySku(rows.map((r) => ({ sku: r.product.sku, quantity: r.quantity }))));

export function createInventoryService(ctx: ServiceContext) {
  const { db } = ctx;

  async function check(items: SkuQuantity[]): Promise<ServiceResult<CheckValue>> {
    const wanted = sumBySku(items);
    const products = await db.product.findMany({ where: { sku: { in: wanted.map((w) => w.sku) } } });
    const bySku = new Map(products.map((p) => [p.sku, p]));
    const unknown = wanted.filter((w) => !bySku.has(w.sku)).map((w) => w.sku);
    if (unknown.length > 0) {
      return fail({
        code: 'not_found',
        message: `Unknown SKU ${unknown.join(', ')}. Check the SKUs against the order.`,
        retryable: false,
        details: { skus: unknown },
      });
    }
    return ok(
      withLines(
        wanted.map((w) => {
          const p = bySku.get(w.sku)!;
          return {
            sku: w.sku,
            productId: p.id,
            name: p.name,
            requested: w.quantity,
            available: p.stock - p.reserved,
            inStock: true,
          };
        }),
      ),
    );
  }

  /** A stock count borrowed from another SKU. */
  async function corruptCheck(value: CheckValue): Promise<Reshaped<CheckValue> | null> {
    const [first, ...rest] = value.items;
    const other = await db.product.findFirst({
      where: { sku: { notIn: value.items.map((i) => i.sku) } },
      orderBy: { sku: 'asc' },
    });
    if (!other) return null;
    const borrowed = other.stock - other.reserved;
    const shown = borrowed === first.available ? borrowed + 7 : borrowed;
    return {
      value: withLines([{ ...first, available: shown }, ...rest]),
      detail: `${first.sku} available shown as ${shown} (the count of ${other.sku}) instead of ${first.available}`,
    };
  }

  function outOfStockCheck(value: CheckValue, decision: FaultDecision): Reshaped<CheckValue> | null {
    const target = (line: StockLine) => decision.params.sku === undefined || line.sku === decision.params.sku;
    if (!value.items.some(target)) return null;
    return {
      value: withLines(value.items.map((line) => (target(line) ? { ...line, available: 0 } : line))),
      detail: `${value.items
        .filter(target)
        .map((l) => l.sku)
        .join(', ')} shown with 0 available`,
    };
  }

  async function reserve(orderId: string): Promise<ServiceResult<ReserveValue>> {
    return inTransaction(db, async (tx) => {
      const order = await tx.order.findUnique({ where: { id: orderId }, include: { items: true } });
      if (!order) return fail(notFound('order', orderId));
      const existing = await reservationsOf(tx, orderId, ['held', 'committed']);
      const held = existing.filter((r) => r.status === 'held');
      if (held.length > 0) return ok({ orderId, items: skuQuantities(held) });
      if (existing.length > 0) {
        return fail(
          invalidState(`The stock of order ${orderId} is already committed (sold); there is nothing to reserve.`),
        );
      }
      if (order.status !== 'pending')
        return fail(invalidState(`Order ${orderId} is ${order.status}; stock is reserved only for pending orders.`));
      if (order.items.length === 0) return fail(invalidState(`Order ${orderId} has no items to reserve.`));

      const need = new Map<string, number>();
      for (const item of order.items) need.set(item.productId, (need.get(item.productId) ?? 0) + item.quantity);
      const products = await tx.product.findMany({ where: { id: { in: [...need.keys()] } }, orderBy: { sku: 'asc' } });
      const shortages = products
        .filter((p) => p.stock - p.reserved < need.get(p.id)!)
        .map((p) => ({ sku: p.sku, requested: need.get(p.id)!, available: p.stock - p.reserved }));
      if (shortages.length > 0) return fail(outOfStock(shortages));

      for (const p of products) {
        const qty = need.get(p.id)!;
        const changed =
          await tx.$executeRaw`UPDATE "Product" SET "reserved" = "reserved" + ${qty} WHERE "id" = ${p.id} AND "stock" - "reserved" >= ${qty}`;
        if (changed !== 1) throw new InvariantBroken(`stock of ${p.sku} moved inside a reservation transaction`);
      }
      const now = nowDate(ctx);
      // A row at a time: Prisma caches a query's compiled plan by its shape, and a createMany's shape
      // changes with its row count and with which values happen to be equal (equal values share a
      // parameter), so nearly every order's createMany was compiled afresh (~0.7 ms, twice a create).
      for (const p of products) {
        await tx.reservation.create({
          data: {
            id: ctx.ids('res'),
            orderId,
            productId: p.id,
            quantity: need.get(p.id)!,
            status: 'held',
            createdAt: now,
            updatedAt: now,
          },
          select: { id: true },
        });
      }
      return ok({ orderId, items: sorted(sumBySku(order.items)) });
    });
  }

  /** Moves every held reservation of an order to `to`, adjusting the products to match. */
  async function settle(orderId: string, to: 'released' | 'committed'): Promise<ServiceResult<SkuQuantity[] | null>> {
    return inTransaction(db, async (tx) => {
      if (!(await tx.order.findUnique({ where: { id: orderId }, select: { id: true } })))
        return fail(notFound('order', orderId));
      const held = await reservationsOf(tx, orderId, ['held']);
      if (held.length === 0) return ok(null);
      for (const r of held) {
        const changed =
          to === 'committed'
            ? await tx.$executeRaw`UPDATE "Product" SET "stock" = "stock" - ${r.quantity}, "reserved" = "reserved" - ${r.quantity} WHERE "id" = ${r.productId} AND "reserved" >= ${r.quantity} AND "stock" >= ${r.quantity}`
            : await tx.$executeRaw`UPDATE "Product" SET "reserved" = "reserved" - ${r.quantity} WHERE "id" = ${r.productId} AND "reserved" >= ${r.quantity}`;
        if (changed !== 1) throw new InvariantBroken(`product ${r.productId} holds less than reservation ${r.id}`);
      }
      const moved = await tx.reservation.updateMany({
        where: { id: { in: held.map((r) => r.id) }, status: 'held' },
        data: { status: to, updatedAt: nowDate(ctx) },
      });
      if (moved.count !== held.length)
        throw new InvariantBroken(`reservations of ${orderId} changed inside a transaction`);
      return ok(skuQuantities(held));
    });
  }

  return {
    check: defineOperation(ctx, {
      service: 'inventory',
      operation: 'check',
      input: checkInput,
      scope: async (input) => ({ skus: input.items.map((i) => i.sku), items: input.items }),
      run: (input) => check(input.items),
      reshape: { corrupted_reply: corruptCheck, out_of_stock: outOfStockCheck },
    }),

    reserve: defineOperation(ctx, {
      service: 'inventory',
      operation: 'reserve',
      input: orderInput,
      scope: (input) => orderScope(db, input.orderId),
      run: (input) => reserve(input.orderId),
      reshape: { corrupted_reply: (value) => withQuantityOffByOne(value, 'items') },
    }),

    release: defineOperation(ctx, {
      service: 'inventory',
      operation: 'release',
      input: orderInput,
      scope: (input) => orderScope(db, input.orderId),
      run: async (input): Promise<ServiceResult<ReleaseValue>> => {
        const result = await settle(input.orderId, 'released');
        return result.ok ? ok({ orderId: input.orderId, released: result.value ?? [] }) : result;
      },
      reshape: { corrupted_reply: (value) => withQuantityOffByOne(value, 'released') },
    }),

    commit: defineOperation(ctx, {
      service: 'inventory',
      operation: 'commit',
      input: orderInput,
      scope: (input) => orderScope(db, input.orderId),
      run: async (input): Promise<ServiceResult<CommitValue>> => {
        const result = await settle(input.orderId, 'committed');
        if (!result.ok) return result;
        if (result.value) return ok({ orderId: input.orderId, committed: result.value });
        // Nothing held: either committed before (answer as then) or never reserved.
        const committed = await db.reservation.findMany({
          where: { orderId: input.orderId, status: 'committed' },
          include: { product: { select: { sku: true } } },
        });
        if (committed.length > 0) return ok({ orderId: input.orderId, committed: skuQuantities(committed) });
        return fail(
          invalidState(`Nothing is reserved for order ${input.orderId}; reserve the stock before committing it.`),
        );
      },
      reshape: { corrupted_reply: (value) => withQuantityOffByOne(value, 'committed') },
    }),
  };
}

export type InventoryService = ReturnType<typeof createInventoryService>;
