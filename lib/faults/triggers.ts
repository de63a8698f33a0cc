/**
 * When a rule fires. Conditions AND together: every condition a rule sets must hold.
 * The pure part lives here; counting (evalCount, remainingCalls, hitCount) is the injector's.
 */
import { nthRandom } from '@/lib/runtime/random';
import type { ServiceName } from '@/lib/services/types';
import { kindAppliesTo } from './catalog';
import type { FaultRule } from './rule-schema';

/** What a service tells the injector about the call it is about to make. */
export interface FaultCall {
  service: ServiceName;
  operation: string;
  customerId?: string;
  paymentMethodId?: string;
  /** The card's role (primary | backup), for rules with params.cardRole. */
  cardRole?: string;
  /** The carrier asked for, for rules with params.carrier. */
  carrier?: string;
  /** The SKUs involved, for rules with params.sku. */
  skus?: readonly string[];
  /** When the call happens by the run's clock (for time windows); the injector's clock when unset. */
  at?: number;
}

function paramsMatch(rule: FaultRule, call: FaultCall): boolean {
  const { cardRole, carrier, sku } = rule.params;
  if (cardRole !== undefined && cardRole !== call.cardRole) return false;
  if (carrier !== undefined && carrier !== call.carrier) return false;
  if (sku !== undefined && !(call.skus ?? []).includes(sku)) return false;
  return true;
}

/** Every condition but chance; reading it changes nothing. */
export function conditionsHold(rule: FaultRule, call: FaultCall, now: number): boolean {
  if (!rule.enabled || rule.service !== call.service) return false;
  if (rule.operation !== '*' && rule.operation !== call.operation) return false;
  if (!kindAppliesTo(rule.kind, call.service, call.operation)) return false;
  if (rule.remainingCalls !== null && rule.remainingCalls <= 0) return false;
  if (rule.customerId !== null && rule.customerId !== call.customerId) return false;
  if (rule.paymentMethodId !== null && rule.paymentMethodId !== call.paymentMethodId) return false;
  if (rule.activeFrom !== null && now < rule.activeFrom.getTime()) return false;
  if (rule.activeUntil !== null && now >= rule.activeUntil.getTime()) return false;
  return paramsMatch(rule, call);
}

/**
 * The stream a rule's draws come from: what the rule does and to which calls (service, operation,
 * kind, the customer or card it is for, params), never its id. Ids are minted per store, so a draw
 * keyed by id made the same preset fire on other calls in every store; keyed by content, a rule
 * with a seed draws the same faults wherever it is placed (and a re-run's copy draws as its parent
 * did). Name, trigger and probability are left out: renaming a rule or moving its probability keeps
 * its numbers (a 30 % rule fires on a superset of the calls the same rule at 10 % fires on). Two rules
 * with the same content and seed draw alike: give them different seeds to make them independent.
 */
export function drawStream(
  rule: Pick<FaultRule, 'service' | 'operation' | 'kind' | 'customerId' | 'paymentMethodId' | 'params'>,
): string {
  const params = Object.entries(rule.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([rule.service, rule.operation, rule.kind, rule.customerId, rule.paymentMethodId, params]);
}

/**
 * The seeded draw for the rule's evalIndex-th evaluation (0-based), from its content stream
 * (drawStream) indexed by the persisted count, so it resumes across requests and restarts and
 * replays exactly, on any store.
 */
export function chanceHolds(
  rule: Pick<
    FaultRule,
    'service' | 'operation' | 'kind' | 'customerId' | 'paymentMethodId' | 'params' | 'probability' | 'seed'
  >,
  evalIndex: number,
): boolean {
  if (rule.probability === null) return true;
  return nthRandom(rule.seed ?? 0, drawStream(rule), evalIndex) < rule.probability;
}
