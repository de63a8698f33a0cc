import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statementsRun } from '@/lib/db/statement-cache';
import { TableWrites, tableGeneration } from '@/lib/db/table-writes';
import { createDbFaultInjector } from '@/lib/faults/injector';
import { createFaultRule } from '@/lib/faults/rules';
import { ManualClock } from '@/lib/runtime/clock';
import { sequentialIds } from '@/lib/runtime/ids';
import { createSqliteTestDatabase, type SqliteTestDatabase } from '@/tests/support/test-db';

describe('which statements move a watched table', () => {
  const writes = new TableWrites();
  writes.attach(() => 1);
  const moves = (sql: string) => {
    const before = writes.generation('FaultRule');
    writes.observeStatement(sql);
    return writes.generation('FaultRule') !== before;
  };

  it.each([
    'INSERT INTO `main`.`FaultRule` (`id`, `name`) VALUES (?,?) RETURNING `id` AS `id`',
    'UPDATE `main`.`FaultRule` SET `hitCount` = (`hitCount` + ?) WHERE `id` = ?',
    'DELETE FROM `main`.`FaultRule` WHERE 1=1',
    'delete from "FaultRule"',
    'insert or replace into faultrule (id) values (1)',
    'REPLACE INTO [FaultRule] (id) VALUES (1)',
    '  UPDATE OR IGNORE FaultRule SET enabled = 0',
    // Statements it cannot read could have written anything.
    'WITH gone AS (SELECT id FROM "FaultRule") DELETE FROM "FaultRule" WHERE id IN gone',
    'CREATE TABLE "x" (id INTEGER)',
    'DROP TABLE "FaultRule"',
  ])('%s: moves it', (sql) => {
    expect(moves(sql)).toBe(true);
  });

  it.each([
    'SELECT `main`.`FaultRule`.`id` FROM `main`.`FaultRule` WHERE `main`.`FaultRule`.`service` = ?',
    'UPDATE "Product" SET "reserved" = "reserved" + ? WHERE "id" = ?',
    `INSERT INTO "TraceEvent" ("runId","payload") VALUES ('r1','{"note":"INSERT INTO FaultRule; DELETE FROM FaultRule"}')`,
    'INSERT INTO `main`.`FaultRuleArchive` (`id`) VALUES (?)',
    'BEGIN',
    'COMMIT',
    'PRAGMA foreign_keys = ON',
  ])('%s: leaves it', (sql) => {
    expect(moves(sql)).toBe(false);
  });

  it('a script of statements moves it', () => {
    const before = writes.generation('FaultRule');
    writes.observeScript();
    expect(writes.generation('FaultRule')).not.toBe(before);
  });

  it('says nothing before its connection is open', () => {
    expect(new TableWrites().generation('FaultRule')).toBeUndefined();
  });
});

describe('the FaultRule generation of a real database', () => {
  let t: SqliteTestDatabase;
  beforeEach(async () => {
    t = await createSqliteTestDatabase();
  });
  afterEach(async () => t.dispose());

  const generation = () => tableGeneration(t.db, 'FaultRule');

  it('moves with every write to the table, through Prisma or raw SQL, and with nothing else', async () => {
    const start = generation();
    expect(start).not.toBeNull();
    await t.db.product.update({ where: { id: 'prd_mouse' }, data: { stock: 7 } });
    await t.db.faultRule.findMany();
    expect(generation()).toBe(start);
    await t.db.faultRule.create({ data: { service: 'payment', kind: 'decline' } });
    const afterCreate = generation();
    expect(afterCreate).not.toBe(start);
    await t.db.$executeRawUnsafe('UPDATE "FaultRule" SET "enabled" = 0');
    expect(generation()).not.toBe(afterCreate);
  });

  it('moves when another connection writes the file, whatever table', async () => {
    const start = generation();
    const other = new Database(t.filePath);
    try {
      other.prepare(`UPDATE "Product" SET "stock" = 5 WHERE "id" = 'prd_mouse'`).run();
    } finally {
      other.close();
    }
    expect(generation()).not.toBe(start);
  });
});

describe('the injector over a real database', () => {
  let t: SqliteTestDatabase;
  beforeEach(async () => {
    t = await createSqliteTestDatabase();
  });
  afterEach(async () => t.dispose());

  const call = { service: 'payment', operation: 'authorize', customerId: 'cus_ada' } as const;

  it('asks the database once while the rules do not change, and sees a write made any way at once', async () => {
    const clock = new ManualClock();
    const injector = createDbFaultInjector(t.db, clock);
    expect(await injector.check(call)).toBeNull();
    const before = statementsRun();
    expect(await injector.check(call)).toBeNull();
    expect(await injector.check(call)).toBeNull();
    expect(statementsRun()).toBe(before);

    // Written directly, not through lib/faults: no announcement, still seen on the next call.
    await t.db.faultRule.create({ data: { id: 'fr_direct', service: 'payment', kind: 'decline' } });
    expect((await injector.check(call))?.ruleId).toBe('fr_direct');
    await t.db.faultRule.update({ where: { id: 'fr_direct' }, data: { enabled: false } });
    expect(await injector.check(call)).toBeNull();

    // A "next 1" rule: the firing's own counter write ends it.
    const created = await createFaultRule(
      t.db,
      { service: 'payment', kind: 'decline', trigger: 'next_n', remainingCalls: 1 },
      { clock, ids: sequentialIds() },
    );
    if (!created.ok) throw new Error(created.error.message);
    expect((await injector.check(call))?.ruleId).toBe(created.value.id);
    expect(await injector.check(call)).toBeNull();
  });
});
