import type { Clock } from '@/lib/runtime/clock';
import type { FaultDecision, FaultInjector } from './injector';
import type { FaultRule } from './rule-schema';
import { chanceHolds, conditionsHold } from './triggers';

/**
 * Fault rules held in memory, with the same semantics as the database injector (creation
 * order, AND-ed conditions, seeded draws that resume from evalCount, "next N" counting
 * down). For a sandbox: a re-run or a chaos schedule that must not touch the live rules.
 */
export function createMemoryFaultInjector(rules: FaultRule[], clock: Clock): FaultInjector & { rules(): FaultRule[] } {
  const state = rules.filter((r) => r.enabled).map((r) => ({ ...r }));
  return {
    rules: () => state.map((r) => ({ ...r })),
    async check(given) {
      const now = given.at ?? clock.now();
      if (!state.some((rule) => rule.service === given.service)) return null;
      const call = given.scoped ? await given.scoped() : given;
      for (const rule of state) {
        if (rule.service !== call.service || !conditionsHold(rule, call, now)) continue;
        if (rule.probability !== null) {
          const evalIndex = rule.evalCount;
          rule.evalCount += 1;
          if (!chanceHolds(rule, evalIndex)) continue;
        }
        rule.hitCount += 1;
        if (rule.remainingCalls !== null) rule.remainingCalls -= 1;
        const decision: FaultDecision = {
          ruleId: rule.id,
          ruleName: rule.name,
          service: call.service,
          operation: call.operation,
          kind: rule.kind,
          params: rule.params,
        };
        return decision;
      }
      return null;
    },
  };
}
