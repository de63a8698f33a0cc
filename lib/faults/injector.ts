/**
 * The injector: asked by a service before each call, answers with the rule that fires
 * (if any). The database-backed one reads the FaultRule rows on every call, so a rule
 * change takes effect at once, mid-run too.
 */
import type { PrismaClient } from '@/lib/db/client';
import { tableGeneration } from '@/lib/db/table-writes';
import type { Clock } from '@/lib/runtime/clock';
import { inTransaction } from '@/lib/services/transaction';
import type { ServiceName } from '@/lib/services/types';
import type { FaultKind } from './catalog';
import type { FaultParams } from '@/lib/wire/fault-rules';
import { ruleFromRow, type FaultRule } from './rule-schema';
import { chanceHolds, conditionsHold, type FaultCall } from './triggers';

export type { FaultCall } from './triggers';

/** The rule that fired, as the service needs it to shape the effect and report it. */
export interface FaultDecision {
  ruleId: string;
  ruleName: string;
  service: ServiceName;
  operation: string;
  kind: FaultKind;
  params: FaultParams;
}

/**
 * A call as a service asks about it. It may name only the service, operation and time, with `scoped`
 * giving the whole call (who and what it is about: a few reads): an injector asks for that only when
 * some rule of the service exists, so a call that no rule concerns costs no reads for its scope. It
 * travels inside the call, so an injector that wraps another passes it on without knowing.
 */
export interface FaultCheck extends FaultCall {
  scoped?: () => Promise<FaultCall>;
}

export interface FaultInjector {
  check(call: FaultCheck): Promise<FaultDecision | null>;
}

export const noFaults: FaultInjector = { check: async () => null };

const RULE_ORDER = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];

function decisionOf(rule: FaultRule, call: FaultCall): FaultDecision {
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    service: call.service,
    operation: call.operation,
    kind: rule.kind,
    params: rule.params,
  };
}

interface CachedRules {
  generation: number;
  rules: FaultRule[];
}

/** The enabled rules of each service, per client, as of a generation of the FaultRule table. */
const cachedRules = new WeakMap<PrismaClient, Map<ServiceName, CachedRules>>();

/**
 * A service's enabled rules, in creation order. Kept until a statement may have written the table
 * (`tableGeneration`: on SQLite every write is seen, whoever makes it), so the common case, a call
 * no rule concerns, costs no query; read every time where writes cannot be seen (PostgreSQL).
 */
async function enabledRules(db: PrismaClient, service: ServiceName): Promise<FaultRule[]> {
  const generation = tableGeneration(db, 'FaultRule');
  const byService = cachedRules.get(db);
  const cached = byService?.get(service);
  if (generation !== null && cached?.generation === generation) return cached.rules;
  const rows = await db.faultRule.findMany({ where: { service, enabled: true }, orderBy: RULE_ORDER });
  const rules = rows.map(ruleFromRow).filter((rule): rule is FaultRule => rule !== null);
  // Only if nothing wrote the table while it was read.
  if (generation !== null && tableGeneration(db, 'FaultRule') === generation) {
    if (byService) byService.set(service, { generation, rules });
    else cachedRules.set(db, new Map([[service, { generation, rules }]]));
  }
  return rules;
}

/**
 * Rules from the database. The common case (no rule's conditions hold) costs one read, or none
 * while the rules have not changed. When some do, a short transaction re-reads them and moves the
 * counters, so that concurrent calls cannot both take the last of "next N" or the same probability
 * draw. The first rule (in creation order) that fires wins; hitCount counts firings.
 */
export function createDbFaultInjector(db: PrismaClient, clock: Clock): FaultInjector {
  return {
    async check(given) {
      const now = given.at ?? clock.now();
      const rules = await enabledRules(db, given.service);
      if (rules.length === 0) return null;
      const call = given.scoped ? await given.scoped() : given;
      const candidates = rules.filter((rule) => conditionsHold(rule, call, now)).map((rule) => rule.id);
      if (candidates.length === 0) return null;

      return inTransaction(db, async (tx) => {
        const fresh = await tx.faultRule.findMany({ where: { id: { in: candidates } }, orderBy: RULE_ORDER });
        for (const row of fresh) {
          const rule = ruleFromRow(row);
          if (!rule || !conditionsHold(rule, call, now)) continue;
          if (rule.probability !== null) {
            await tx.faultRule.update({ where: { id: rule.id }, data: { evalCount: { increment: 1 } } });
            if (!chanceHolds(rule, row.evalCount)) continue;
          }
          await tx.faultRule.update({
            where: { id: rule.id },
            data: {
              hitCount: { increment: 1 },
              ...(rule.remainingCalls !== null ? { remainingCalls: { decrement: 1 } } : {}),
            },
          });
          return decisionOf(rule, call);
        }
        return null;
      });
    },
  };
}

/**
 * Several injectors asked in turn, the first answer wins: the store's rules, then an order's own
 * (created after every stored rule, so this is still creation order).
 */
export function layeredFaultInjector(...layers: FaultInjector[]): FaultInjector {
  return {
    async check(call) {
      for (const layer of layers) {
        const decision = await layer.check(call);
        if (decision) return decision;
      }
      return null;
    },
  };
}
