import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDbFaultInjector, type FaultCall, type FaultInjector } from '@/lib/faults/injector';
import { clearFaultRules, createFaultRule, getFaultRule, updateFaultRule } from '@/lib/faults/rules';
import { ManualClock } from '@/lib/runtime/clock';
import { sequentialIds } from '@/lib/runtime/ids';
import { nthRandom } from '@/lib/runtime/random';
import { drawStream } from '@/lib/faults/triggers';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';

let t: TestDatabase;
let clock: ManualClock;
let injector: FaultInjector;
const ids = sequentialIds();

beforeAll(async () => {
  t = await createTestDatabase();
  clock = new ManualClock();
  injector = createDbFaultInjector(t.db, clock);
});
afterAll(async () => t.dispose());
beforeEach(async () => {
  await clearFaultRules(t.db);
});

async function rule(input: Record<string, unknown>) {
  const created = await createFaultRule(t.db, input, { clock, ids });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

const authorize: FaultCall = {
  service: 'payment',
  operation: 'authorize',
  customerId: 'cus_ada',
  paymentMethodId: 'pm_ada_visa',
  cardRole: 'primary',
};
const fires = async (call: FaultCall = authorize) => (await injector.check(call))?.ruleId ?? null;

describe('the DB-backed injector', () => {
  it('fires an always rule on its service and operation, and counts hits', async () => {
    const r = await rule({ service: 'payment', operation: 'authorize', kind: 'decline', name: 'decline all' });
    expect(await injector.check(authorize)).toEqual({
      ruleId: r.id,
      ruleName: 'decline all',
      service: 'payment',
      operation: 'authorize',
      kind: 'decline',
      params: {},
    });
    expect(await fires({ ...authorize, operation: 'capture' })).toBeNull();
    expect(await fires({ service: 'inventory', operation: 'check' })).toBeNull();
    expect((await getFaultRule(t.db, r.id))?.hitCount).toBe(1);
  });

  it('applies a "*" rule only to the operations its kind fits', async () => {
    const r = await rule({ service: 'payment', kind: 'ambiguous_success' });
    expect(await fires({ service: 'payment', operation: 'capture' })).toBe(r.id);
    expect(await fires({ service: 'payment', operation: 'status' })).toBeNull();
  });

  it('never fires a disabled rule, and an edit takes effect on the next call', async () => {
    const r = await rule({ service: 'payment', operation: 'authorize', kind: 'decline', enabled: false });
    expect(await fires()).toBeNull();
    await updateFaultRule(t.db, r.id, { enabled: true }, { clock });
    expect(await fires()).toBe(r.id);
    await updateFaultRule(t.db, r.id, { operation: 'capture', kind: 'server_error' }, { clock });
    expect(await fires()).toBeNull();
  });

  it('fires the next N calls, then stops at 0, even when the calls race', async () => {
    const r = await rule({ service: 'payment', kind: 'timeout', trigger: 'next_n', remainingCalls: 3 });
    const results = await Promise.all(Array.from({ length: 10 }, () => fires()));
    expect(results.filter((id) => id === r.id)).toHaveLength(3);
    const after = await getFaultRule(t.db, r.id);
    expect([after?.remainingCalls, after?.hitCount, after?.enabled]).toEqual([0, 3, true]);
    expect(await fires()).toBeNull();
  });

  it('draws a seeded probability that is reproducible and resumes where it left off', async () => {
    const r = await rule({
      service: 'payment',
      kind: 'server_error',
      trigger: 'probability',
      probability: 0.3,
      seed: 42,
    });
    const expected = Array.from({ length: 40 }, (_, n) => nthRandom(42, drawStream(r), n) < 0.3);
    const first = [];
    for (let i = 0; i < 20; i++) first.push((await fires()) === r.id);
    // A second injector (another request, a restart) continues the same stream.
    const other = createDbFaultInjector(t.db, clock);
    const rest = [];
    for (let i = 0; i < 20; i++) rest.push((await other.check(authorize))?.ruleId === r.id);
    expect([...first, ...rest]).toEqual(expected);
    expect(expected.some(Boolean) && !expected.every(Boolean)).toBe(true);
    const after = await getFaultRule(t.db, r.id);
    expect(after?.evalCount).toBe(40);
    expect(after?.hitCount).toBe(expected.filter(Boolean).length);
  });

  it('draws the same faults for a seeded rule whatever id it has, and apart for another seed', async () => {
    const input = { service: 'payment', kind: 'server_error', trigger: 'probability', probability: 0.3, seed: 42 };
    const draws = async (ruleInput: Record<string, unknown>, mintIds: (prefix: string) => string) => {
      await clearFaultRules(t.db);
      const created = await createFaultRule(t.db, ruleInput, { clock, ids: mintIds });
      if (!created.ok) throw new Error(created.error.message);
      const seen = [];
      for (let i = 0; i < 30; i++) seen.push((await fires()) === created.value.id);
      return seen;
    };
    const here = await draws(input, sequentialIds('short-'));
    // Another store mints other, longer ids: the rule is the same, so are its faults.
    const elsewhere = await draws(input, sequentialIds('a-much-longer-store-namespace-'));
    expect(elsewhere).toEqual(here);
    expect(await draws({ ...input, seed: 43 }, sequentialIds('short-'))).not.toEqual(here);
  });

  it('fires for one customer or one card only', async () => {
    const byCustomer = await rule({
      service: 'payment',
      kind: 'decline',
      operation: 'authorize',
      trigger: 'customer',
      customerId: 'cus_grace',
    });
    expect(await fires()).toBeNull();
    expect(await fires({ ...authorize, customerId: 'cus_grace' })).toBe(byCustomer.id);
    await clearFaultRules(t.db);
    const byCard = await rule({
      service: 'payment',
      kind: 'fraud_hold',
      operation: 'authorize',
      trigger: 'card',
      paymentMethodId: 'pm_ada_visa',
    });
    expect(await fires()).toBe(byCard.id);
    expect(await fires({ ...authorize, paymentMethodId: 'pm_other' })).toBeNull();
  });

  it('fires inside its time window only, by the clock', async () => {
    const start = clock.now() + 60_000;
    const r = await rule({
      service: 'payment',
      kind: 'server_error',
      trigger: 'window',
      activeFrom: new Date(start).toISOString(),
      activeUntil: start + 60_000,
    });
    expect(await fires()).toBeNull();
    clock.advance(60_000);
    expect(await fires()).toBe(r.id);
    clock.advance(59_999);
    expect(await fires()).toBe(r.id);
    clock.advance(1);
    expect(await fires()).toBeNull();
  });

  it('matches card role, carrier and SKU params against what the service says', async () => {
    const role = await rule({
      service: 'payment',
      operation: 'authorize',
      kind: 'decline',
      params: { cardRole: 'primary' },
    });
    expect(await fires()).toBe(role.id);
    expect(await fires({ ...authorize, cardRole: 'backup' })).toBeNull();
    const carrier = await rule({
      service: 'shipping',
      operation: 'createLabel',
      kind: 'carrier_outage',
      params: { carrier: 'ups' },
    });
    expect(await fires({ service: 'shipping', operation: 'createLabel', carrier: 'ups' })).toBe(carrier.id);
    expect(await fires({ service: 'shipping', operation: 'createLabel', carrier: 'dhl' })).toBeNull();
    const sku = await rule({ service: 'inventory', kind: 'out_of_stock', params: { sku: 'DS-008' } });
    expect(await fires({ service: 'inventory', operation: 'reserve', skus: ['KB-001', 'DS-008'] })).toBe(sku.id);
    expect(await fires({ service: 'inventory', operation: 'reserve', skus: ['KB-001'] })).toBeNull();
  });

  it('ANDs every condition a rule sets: customer and next N together', async () => {
    const r = await rule({
      service: 'payment',
      kind: 'server_error',
      trigger: 'next_n',
      remainingCalls: 1,
      customerId: 'cus_grace',
    });
    expect(await fires()).toBeNull();
    expect((await getFaultRule(t.db, r.id))?.remainingCalls).toBe(1);
    expect(await fires({ ...authorize, customerId: 'cus_grace' })).toBe(r.id);
    expect(await fires({ ...authorize, customerId: 'cus_grace' })).toBeNull();
  });

  it('lets the first rule in creation order win, and only that one counts a hit', async () => {
    const first = await rule({ service: 'payment', kind: 'rate_limited' });
    const second = await rule({ service: 'payment', kind: 'server_error' });
    expect(await fires()).toBe(first.id);
    expect((await getFaultRule(t.db, second.id))?.hitCount).toBe(0);
    await updateFaultRule(t.db, first.id, { enabled: false }, { clock });
    expect(await fires()).toBe(second.id);
  });

  it('skips a probability miss and goes on to the next rule', async () => {
    const never = await rule({ service: 'payment', kind: 'server_error', trigger: 'probability', probability: 0 });
    const always = await rule({ service: 'payment', kind: 'rate_limited' });
    expect(await fires()).toBe(always.id);
    expect((await getFaultRule(t.db, never.id))?.evalCount).toBe(1);
  });

  it('ignores a stored row it cannot read rather than failing the call', async () => {
    await t.db.faultRule.create({ data: { id: 'broken', service: 'payment', kind: 'decline', params: '{not json' } });
    await t.db.faultRule.create({ data: { id: 'odd-kind', service: 'payment', kind: 'meteor_strike' } });
    expect(await fires()).toBeNull();
  });
});
