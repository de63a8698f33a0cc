import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { faultCatalogView, kindAppliesTo, kindsForService, operationsForKind } from '@/lib/faults/catalog';
import { onFaultRulesChanged, type FaultRulesChange } from '@/lib/faults/changes';
import { applyFaultPreset, FAULT_PRESETS, listFaultPresets, presetRuleFields } from '@/lib/faults/presets';
import { ruleView } from '@/lib/faults/rule-schema';
import {
  clearFaultRules,
  createFaultRule,
  deleteFaultRule,
  faultRulesInForce,
  listFaultRules,
  updateFaultRule,
} from '@/lib/faults/rules';
import { ManualClock } from '@/lib/runtime/clock';
import { sequentialIds } from '@/lib/runtime/ids';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';

let t: TestDatabase;
const clock = new ManualClock();
const deps = { clock, ids: sequentialIds() };
const changes: FaultRulesChange[] = [];
let unsubscribe: () => void;

beforeAll(async () => {
  t = await createTestDatabase();
  unsubscribe = onFaultRulesChanged((change) => changes.push(change));
});
afterAll(async () => {
  unsubscribe();
  await t.dispose();
});
beforeEach(async () => {
  await clearFaultRules(t.db, deps);
  changes.length = 0;
});

const fieldsOf = (result: { ok: boolean; error?: { details?: Record<string, unknown> } }) =>
  (result.error?.details?.fields as { path: string }[] | undefined)?.map((f) => f.path);

describe('the fault catalog', () => {
  it('fits kinds to services and operations', () => {
    expect(kindsForService('payment')).toEqual([
      'decline',
      'insufficient_funds',
      'fraud_hold',
      'timeout',
      'server_error',
      'latency',
      'ambiguous_success',
      'rate_limited',
      'corrupted_reply',
    ]);
    expect(kindsForService('notification')).toEqual(['latency', 'provider_down', 'rate_limited', 'corrupted_reply']);
    expect(operationsForKind('decline', 'payment')).toEqual(['authorize']);
    expect(kindAppliesTo('decline', 'inventory', 'reserve')).toBe(false);
    expect(kindAppliesTo('rate_limited', 'customer', 'nope')).toBe(false);
    const view = faultCatalogView();
    expect(view.services.map((s) => s.name)).toEqual(['inventory', 'payment', 'shipping', 'notification', 'customer']);
    expect(view.carriers).toEqual(['ups', 'fedex', 'dhl']);
  });
});

describe('creating, editing and deleting rules', () => {
  it('creates a rule with defaults, params as an object, and announces it', async () => {
    const created = await createFaultRule(
      t.db,
      { service: 'payment', kind: 'latency', params: { latencyMs: 800 } },
      deps,
    );
    expect(created.ok && ruleView(created.value)).toMatchObject({
      service: 'payment',
      operation: '*',
      kind: 'latency',
      enabled: true,
      trigger: 'always',
      params: { latencyMs: 800 },
      probability: null,
      hitCount: 0,
      createdAt: new Date(clock.now()).toISOString(),
    });
    expect(changes).toEqual([{ action: 'created', ruleIds: [created.ok ? created.value.id : ''], at: clock.now() }]);
  });

  it('names every field that is wrong, including cross-field rules', async () => {
    expect(fieldsOf(await createFaultRule(t.db, {}, deps))).toEqual(['service', 'kind']);
    expect(
      fieldsOf(await createFaultRule(t.db, { service: 'payment', kind: 'decline', probability: 2, extra: 1 }, deps)),
    ).toEqual(['probability', 'extra']);
    expect(fieldsOf(await createFaultRule(t.db, { service: 'inventory', kind: 'decline' }, deps))).toEqual(['kind']);
    expect(
      fieldsOf(await createFaultRule(t.db, { service: 'payment', kind: 'decline', operation: 'capture' }, deps)),
    ).toEqual(['operation']);
    expect(
      fieldsOf(await createFaultRule(t.db, { service: 'payment', kind: 'decline', operation: 'teleport' }, deps)),
    ).toEqual(['operation']);
    expect(
      fieldsOf(await createFaultRule(t.db, { service: 'payment', kind: 'decline', trigger: 'next_n' }, deps)),
    ).toEqual(['remainingCalls']);
    expect(
      fieldsOf(await createFaultRule(t.db, { service: 'payment', kind: 'decline', trigger: 'probability' }, deps)),
    ).toEqual(['probability']);
    expect(
      fieldsOf(await createFaultRule(t.db, { service: 'payment', kind: 'decline', trigger: 'customer' }, deps)),
    ).toEqual(['customerId']);
    expect(
      fieldsOf(await createFaultRule(t.db, { service: 'payment', kind: 'decline', trigger: 'card' }, deps)),
    ).toEqual(['paymentMethodId']);
    expect(
      fieldsOf(await createFaultRule(t.db, { service: 'payment', kind: 'decline', trigger: 'window' }, deps)),
    ).toEqual(['activeFrom']);
    expect(
      fieldsOf(
        await createFaultRule(t.db, { service: 'payment', kind: 'decline', activeFrom: 2000, activeUntil: 1000 }, deps),
      ),
    ).toEqual(['activeUntil']);
    expect(
      fieldsOf(await createFaultRule(t.db, { service: 'payment', kind: 'decline', activeFrom: 'yesterday' }, deps)),
    ).toEqual(['activeFrom']);
    expect(
      fieldsOf(await createFaultRule(t.db, { service: 'payment', kind: 'decline', params: { carrier: 'ups' } }, deps)),
    ).toEqual(['params.carrier']);
    expect(
      fieldsOf(
        await createFaultRule(
          t.db,
          { service: 'payment', kind: 'latency', params: { latencyMs: -1, colour: 'red' } },
          deps,
        ),
      ),
    ).toEqual(['params.latencyMs', 'params.colour']);
    expect(await listFaultRules(t.db)).toEqual([]);
    expect(changes).toEqual([]);
  });

  it('refuses window instants no Date (or no four-digit year) can hold, naming the field, on create and patch', async () => {
    const window = { service: 'payment', kind: 'decline', trigger: 'window' } as const;
    for (const activeFrom of [
      8_640_000_000_000_001,
      Number.MAX_SAFE_INTEGER,
      253_402_300_800_000,
      '0000-01-01T00:00:00+01:00',
    ]) {
      const refused = await createFaultRule(t.db, { ...window, activeFrom }, deps);
      expect(fieldsOf(refused), String(activeFrom)).toEqual(['activeFrom']);
      expect(refused.ok ? '' : refused.error.message).toMatch(/9999-12-31/);
    }
    expect(fieldsOf(await createFaultRule(t.db, { ...window, activeUntil: '2026-02-30T00:00:00Z' }, deps))).toEqual([
      'activeUntil',
    ]);
    expect(await listFaultRules(t.db)).toEqual([]);
    const edge = await createFaultRule(
      t.db,
      { ...window, activeFrom: '0000-01-01T00:00:00Z', activeUntil: 253_402_300_799_999 },
      deps,
    );
    expect(edge.ok && edge.value.activeUntil?.toISOString()).toBe('9999-12-31T23:59:59.999Z');
    if (!edge.ok) throw new Error(edge.error.message);
    expect(fieldsOf(await updateFaultRule(t.db, edge.value.id, { activeUntil: 8_640_000_000_000_001 }, deps))).toEqual([
      'activeUntil',
    ]);
  });

  it('gives a probability without a seed the seed 0', async () => {
    const created = await createFaultRule(
      t.db,
      { service: 'payment', kind: 'server_error', trigger: 'probability', probability: 0.5 },
      deps,
    );
    expect(created.ok && created.value.seed).toBe(0);
  });

  it('patches any field, re-checks the whole rule, and keeps counters', async () => {
    const created = await createFaultRule(
      t.db,
      { service: 'payment', kind: 'timeout', trigger: 'next_n', remainingCalls: 2 },
      deps,
    );
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.id;
    await t.db.faultRule.update({ where: { id }, data: { hitCount: 5 } });
    clock.advance(1000);
    const patched = await updateFaultRule(
      t.db,
      id,
      { name: 'renamed', enabled: false, params: { retryAfterMs: 10 } },
      deps,
    );
    expect(patched.ok && patched.value).toMatchObject({
      name: 'renamed',
      enabled: false,
      remainingCalls: 2,
      hitCount: 5,
      params: { retryAfterMs: 10 },
    });
    expect(patched.ok && patched.value.updatedAt.getTime()).toBe(clock.now());
    expect(fieldsOf(await updateFaultRule(t.db, id, { kind: 'carrier_outage' }, deps))).toEqual(['kind']);
    expect(fieldsOf(await updateFaultRule(t.db, id, { remainingCalls: null }, deps))).toEqual(['remainingCalls']);
    expect(fieldsOf(await updateFaultRule(t.db, id, { hitCount: 0 }, deps))).toEqual(['hitCount']);
    const missing = await updateFaultRule(t.db, 'nope', { enabled: true }, deps);
    expect(!missing.ok && missing.error.code).toBe('not_found');
    expect(changes.map((c) => c.action)).toEqual(['created', 'updated']);
  });

  it("switching the trigger clears the old trigger's fields unless the patch sets them", async () => {
    const created = await createFaultRule(
      t.db,
      { service: 'payment', kind: 'server_error', trigger: 'probability', probability: 0.3, seed: 7 },
      deps,
    );
    if (!created.ok) throw new Error(created.error.message);
    const always = await updateFaultRule(t.db, created.value.id, { trigger: 'always' }, deps);
    expect(always.ok && always.value).toMatchObject({ trigger: 'always', probability: null, seed: null });
    const limited = await updateFaultRule(t.db, created.value.id, { trigger: 'next_n', remainingCalls: 3 }, deps);
    expect(limited.ok && limited.value).toMatchObject({ trigger: 'next_n', remainingCalls: 3 });
    // A condition set in the same patch as the switch is kept: conditions AND together.
    const both = await updateFaultRule(
      t.db,
      created.value.id,
      { trigger: 'customer', customerId: 'cus_ada', remainingCalls: 1 },
      deps,
    );
    expect(both.ok && both.value).toMatchObject({ trigger: 'customer', customerId: 'cus_ada', remainingCalls: 1 });
  });

  it('deletes one rule or all of them', async () => {
    const a = await createFaultRule(t.db, { service: 'customer', kind: 'service_down' }, deps);
    await createFaultRule(t.db, { service: 'notification', kind: 'provider_down', enabled: false }, deps);
    expect((await faultRulesInForce(t.db)).map((r) => r.service)).toEqual(['customer']);
    expect(await deleteFaultRule(t.db, a.ok ? a.value.id : '', deps)).toEqual({
      ok: true,
      value: { id: a.ok ? a.value.id : '' },
    });
    expect((await deleteFaultRule(t.db, 'nope', deps)).ok).toBe(false);
    expect(await clearFaultRules(t.db, deps)).toEqual({ deleted: 1 });
    expect(changes.map((c) => c.action)).toEqual(['created', 'created', 'deleted', 'cleared']);
  });
});

describe('presets', () => {
  it('are all valid rules, listed with a description', () => {
    for (const preset of FAULT_PRESETS) expect(presetRuleFields(preset).length).toBeGreaterThan(0);
    const ids = listFaultPresets().map((p) => p.id);
    for (const required of [
      'decline-primary-cards',
      'decline-all-cards',
      'flaky-gateway-30',
      'gateway-timeouts',
      'ambiguous-capture',
      'carrier-outage',
      'out-of-stock',
      'notification-down',
      'rate-limited-payments',
      'corrupted-capture',
      'chaos-mix',
    ]) {
      expect(ids).toContain(required);
    }
    expect(listFaultPresets().every((p) => p.description.length > 20)).toBe(true);
  });

  it('adds a preset’s rules in order, or replaces all rules with them', async () => {
    await createFaultRule(t.db, { service: 'customer', kind: 'service_down' }, deps);
    const added = await applyFaultPreset(t.db, { preset: 'decline-primary-cards' }, deps);
    expect(added.ok && added.value.created.map((r) => [r.kind, r.params])).toEqual([
      ['decline', { cardRole: 'primary' }],
    ]);
    expect((await listFaultRules(t.db)).length).toBe(2);

    const replaced = await applyFaultPreset(t.db, { preset: 'chaos-mix', replace: true }, deps);
    expect(replaced.ok && replaced.value.deleted).toBe(2);
    const rules = await listFaultRules(t.db);
    expect(rules.map((r) => r.name)).toEqual(FAULT_PRESETS.find((p) => p.id === 'chaos-mix')!.rules.map((r) => r.name));
    expect(rules.every((r) => r.trigger === 'probability' && r.seed !== null)).toBe(true);
    expect(changes.at(-1)).toMatchObject({ action: 'preset_applied', preset: 'chaos-mix' });
    expect(new Set(rules.map((r) => r.createdAt.getTime())).size).toBe(rules.length);
  });

  it('names a bad preset request', async () => {
    const bad = await applyFaultPreset(t.db, { preset: 'meteor', replace: 'yes' }, deps);
    expect(fieldsOf(bad)).toEqual(['preset', 'replace']);
  });
});
