/**
 * The fault rules, read and written: every write is validated (zod, then the
 * cross-field rules) and announced, so rules take effect and are recorded at once.
 */
import type { PrismaClient } from '@/lib/db/client';
import type { FaultRule as FaultRuleRow } from '@/lib/db/generated/client';
import { systemClock, type Clock } from '@/lib/runtime/clock';
import { randomIds, type IdGenerator } from '@/lib/runtime/ids';
import { inTransaction, type Tx } from '@/lib/services/transaction';
import { fail, ok, type ServiceResult } from '@/lib/services/types';
import { invalidInput, parseFields, type FieldError } from '@/lib/services/validation';
import { faultRuleCreateSchema, faultRulePatchSchema } from '@/lib/wire/fault-rules';
import { announceFaultRulesChange } from './changes';
import {
  RULE_DEFAULTS,
  ruleFromRow,
  ruleProblems,
  withTriggerSwitch,
  type FaultRule,
  type FaultRuleFields,
} from './rule-schema';

export interface FaultRulesDeps {
  clock?: Clock;
  ids?: IdGenerator;
}

const ORDER = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

const invalid = (fields: FieldError[]) => invalidInput(fields, 'fault rule');

function notFound(id: string): ServiceResult<never> {
  return fail({ code: 'not_found', message: `No fault rule with id "${id}".`, retryable: false });
}

/** Rows the schema no longer reads are left out rather than failing the whole list. */
function rules(rows: FaultRuleRow[]): FaultRule[] {
  return rows.map(ruleFromRow).filter((rule): rule is FaultRule => rule !== null);
}

/** A probability without a seed gets seed 0, so the stream is visible and reproducible. */
function settle(fields: FaultRuleFields): FaultRuleFields {
  return fields.probability !== null && fields.seed === null ? { ...fields, seed: 0 } : fields;
}

function columns(fields: FaultRuleFields) {
  return { ...fields, params: JSON.stringify(fields.params) };
}

export async function listFaultRules(db: PrismaClient): Promise<FaultRule[]> {
  return rules(await db.faultRule.findMany({ orderBy: ORDER }));
}

/** The enabled rules: what a run snapshots as "the rules in force" at its start. */
export async function faultRulesInForce(db: PrismaClient): Promise<FaultRule[]> {
  return rules(await db.faultRule.findMany({ where: { enabled: true }, orderBy: ORDER }));
}

export async function getFaultRule(db: PrismaClient, id: string): Promise<FaultRule | null> {
  const row = await db.faultRule.findUnique({ where: { id } });
  return row ? ruleFromRow(row) : null;
}

/**
 * Inserts a validated rule. createdAt is kept strictly increasing, because the first
 * rule in creation order wins and rules made in the same millisecond must still have one.
 */
async function insertRule(tx: Tx, fields: FaultRuleFields, now: number, id: string): Promise<FaultRule> {
  const last = await tx.faultRule.findFirst({ orderBy: { createdAt: 'desc' }, select: { createdAt: true } });
  const createdAt = new Date(Math.max(now, (last?.createdAt.getTime() ?? 0) + 1));
  const row = await tx.faultRule.create({ data: { id, ...columns(fields), createdAt, updatedAt: createdAt } });
  return ruleFromRow(row) as FaultRule;
}

/** Parses and checks a create request into settled fields, or names what is wrong. */
export function parseFaultRuleInput(input: unknown): ServiceResult<FaultRuleFields> {
  const parsed = parseFields(faultRuleCreateSchema, input);
  if (!parsed.ok) return invalid(parsed.fields);
  const fields = settle({ ...RULE_DEFAULTS, ...parsed.value });
  const problems = ruleProblems(fields);
  return problems.length > 0 ? invalid(problems) : ok(fields);
}

export async function createFaultRule(
  db: PrismaClient,
  input: unknown,
  deps: FaultRulesDeps = {},
): Promise<ServiceResult<FaultRule>> {
  const fields = parseFaultRuleInput(input);
  if (!fields.ok) return fields;
  const clock = deps.clock ?? systemClock;
  const id = (deps.ids ?? randomIds)('fault');
  const rule = await inTransaction(db, (tx) => insertRule(tx, fields.value, clock.now(), id));
  announceFaultRulesChange({ action: 'created', ruleIds: [rule.id], at: clock.now() });
  return ok(rule);
}

/** Patches any field (params is replaced as a whole); the result is re-checked as a whole rule. */
export async function updateFaultRule(
  db: PrismaClient,
  id: string,
  patch: unknown,
  deps: FaultRulesDeps = {},
): Promise<ServiceResult<FaultRule>> {
  const parsed = parseFields(faultRulePatchSchema, patch);
  if (!parsed.ok) return invalid(parsed.fields);
  const current = await getFaultRule(db, id);
  if (!current) return notFound(id);
  const { id: _id, hitCount: _h, evalCount: _e, createdAt: _c, updatedAt: _u, ...fields } = current;
  const patchFields = withTriggerSwitch(fields, parsed.value);
  const next = settle({ ...fields, ...patchFields });
  const problems = ruleProblems(next);
  if (problems.length > 0) return invalid(problems);
  const clock = deps.clock ?? systemClock;
  // Only the patched columns are written, so counters moved meanwhile by the injector survive.
  const changed = (Object.keys(next) as (keyof FaultRuleFields)[]).filter(
    (key) => key in patchFields || next[key] !== fields[key],
  );
  const all = columns(next);
  const patched = Object.fromEntries(changed.map((key) => [key, all[key]]));
  // In a transaction, like every write here: the SQLite adapter runs a bare statement on the one
  // connection, inside whatever transaction is open there, and a rollback would take it along.
  const result = await inTransaction(db, (tx) =>
    tx.faultRule.updateMany({ where: { id }, data: { ...patched, updatedAt: new Date(clock.now()) } }),
  );
  if (result.count === 0) return notFound(id);
  announceFaultRulesChange({ action: 'updated', ruleIds: [id], at: clock.now() });
  return ok((await getFaultRule(db, id)) as FaultRule);
}

export async function deleteFaultRule(
  db: PrismaClient,
  id: string,
  deps: FaultRulesDeps = {},
): Promise<ServiceResult<{ id: string }>> {
  const result = await inTransaction(db, (tx) => tx.faultRule.deleteMany({ where: { id } }));
  if (result.count === 0) return notFound(id);
  announceFaultRulesChange({ action: 'deleted', ruleIds: [id], at: (deps.clock ?? systemClock).now() });
  return ok({ id });
}

export async function clearFaultRules(db: PrismaClient, deps: FaultRulesDeps = {}): Promise<{ deleted: number }> {
  const { ids, result } = await inTransaction(db, async (tx) => {
    const ids = (await tx.faultRule.findMany({ select: { id: true } })).map((r) => r.id);
    return { ids, result: await tx.faultRule.deleteMany({ where: { id: { in: ids } } }) };
  });
  announceFaultRulesChange({ action: 'cleared', ruleIds: ids, at: (deps.clock ?? systemClock).now() });
  return { deleted: result.count };
}

/** Several rules at once, in one transaction (presets), optionally replacing all others. */
export async function replaceOrAddFaultRules(
  db: PrismaClient,
  rulesFields: FaultRuleFields[],
  options: { replace: boolean; preset?: string },
  deps: FaultRulesDeps = {},
): Promise<{ created: FaultRule[]; deleted: number }> {
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? randomIds;
  const outcome = await inTransaction(db, async (tx) => {
    const deleted = options.replace ? (await tx.faultRule.deleteMany({})).count : 0;
    const created: FaultRule[] = [];
    for (const fields of rulesFields) created.push(await insertRule(tx, fields, clock.now(), ids('fault')));
    return { created, deleted };
  });
  announceFaultRulesChange({
    action: 'preset_applied',
    ruleIds: outcome.created.map((r) => r.id),
    at: clock.now(),
    preset: options.preset,
  });
  return outcome;
}
