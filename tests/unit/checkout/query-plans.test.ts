import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomOrders } from '@/lib/chaos/random-orders';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';

/**
 * Every statement a checkout makes, under the fault presets that take it down its other paths (backup
 * cards, captures and refunds, carrier outages, queued messages), in both modes, is planned by SQLite
 * and none may read a whole table that grows with history: at a million events or a hundred thousand
 * orders such a statement turns every checkout slow, however fast it is on a fresh store. (A run's
 * start once counted its events with Prisma's `_count`, which grouped the whole TraceEvent table; a
 * capture's refunds were looked up by an unindexed Payment.parentId.)
 */

const GROWING = [
  'Order',
  'OrderItem',
  'Payment',
  'Reservation',
  'Shipment',
  'Notification',
  'CardRequest',
  'Run',
  'RunModel',
  'TraceEvent',
];

const statements = new Set<string>();
const prepare = Database.prototype.prepare;
let h: Harness;

beforeAll(async () => {
  // Every statement the checkout prepares, whichever client made it.
  Database.prototype.prepare = function (this: Database.Database, sql: string) {
    if (/^\s*(SELECT|UPDATE|DELETE)\b/i.test(sql)) statements.add(sql);
    return prepare.call(this, sql);
  } as typeof prepare;
  h = await createCheckoutHarness();
  const orders = await randomOrders(h.t.db, 11, 8);
  for (const preset of [null, 'decline-primary-cards', 'ambiguous-capture', 'carrier-outage', 'notification-down']) {
    if (preset) await h.rt.applyPreset(preset);
    await Promise.all(
      orders.map((order, i) => h.order({ ...order, mode: i % 2 === 0 ? 'agents' : 'orchestrator', seed: i })),
    );
  }
}, 120_000);

afterAll(async () => {
  Database.prototype.prepare = prepare;
  await h?.dispose();
});

describe('what a checkout asks the database', () => {
  it('never reads a whole table that grows with history', async () => {
    expect(statements.size).toBeGreaterThan(40);
    const scans: string[] = [];
    for (const sql of statements) {
      const params = (sql.match(/\?/g) ?? []).length;
      const plan = await h.t.db.$queryRawUnsafe<{ detail: string }[]>(
        `EXPLAIN QUERY PLAN ${sql}`,
        ...Array.from({ length: params }, () => null),
      );
      for (const { detail } of plan) {
        // SCAN reads every row, in the table or in one of its indexes (SEARCH is a seek).
        const table = /^SCAN (?:main\.)?"?(\w+)"?/.exec(detail)?.[1];
        if (table && GROWING.includes(table)) scans.push(`${detail}\n  in: ${sql.replace(/\s+/g, ' ').slice(0, 240)}`);
      }
    }
    expect(scans).toEqual([]);
  });
});
