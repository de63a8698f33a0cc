/**
 * A fault rule inside the app: a typed value over the FaultRule row, its cross-field rules, and its
 * JSON view. The wire shapes (create, patch, view, params) are lib/wire/fault-rules.ts's. Columns
 * hold the conditions; `params` is JSON text with the kind's settings and the extra matches (card
 * role, carrier, SKU) that need something only the service knows.
 */
import type { FaultRule as FaultRuleRow } from '@/lib/db/generated/client';
import type { ServiceName } from '@/lib/services/types';
import { faultParamsSchema, type FaultParams, type FaultRuleView } from '@/lib/wire/fault-rules';
import {
  FAULT_KINDS,
  FAULT_TRIGGERS,
  SERVICE_NAMES,
  isKnownOperation,
  kindAppliesTo,
  kindAppliesToService,
  type FaultKind,
  type FaultTrigger,
} from './catalog';

const PARAM_SERVICE: Partial<Record<keyof FaultParams, ServiceName>> = {
  cardRole: 'payment',
  carrier: 'shipping',
  sku: 'inventory',
};

/** A rule as the injector and the API see it. */
export interface FaultRule {
  id: string;
  name: string;
  service: ServiceName;
  operation: string;
  kind: FaultKind;
  enabled: boolean;
  trigger: FaultTrigger;
  probability: number | null;
  seed: number | null;
  remainingCalls: number | null;
  customerId: string | null;
  paymentMethodId: string | null;
  activeFrom: Date | null;
  activeUntil: Date | null;
  params: FaultParams;
  hitCount: number;
  evalCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The writable part of a rule, every field settled. */
export type FaultRuleFields = Omit<FaultRule, 'id' | 'hitCount' | 'evalCount' | 'createdAt' | 'updatedAt'>;

export const RULE_DEFAULTS: Omit<FaultRuleFields, 'service' | 'kind'> = {
  name: '',
  operation: '*',
  enabled: true,
  trigger: 'always',
  probability: null,
  seed: null,
  remainingCalls: null,
  customerId: null,
  paymentMethodId: null,
  activeFrom: null,
  activeUntil: null,
  params: {},
};

const TRIGGER_NEEDS: Record<Exclude<FaultTrigger, 'always' | 'window'>, keyof FaultRuleFields> = {
  probability: 'probability',
  next_n: 'remainingCalls',
  customer: 'customerId',
  card: 'paymentMethodId',
};

/** The fields that make up each trigger (what switching away from it leaves behind). */
const TRIGGER_FIELDS: Record<FaultTrigger, readonly (keyof FaultRuleFields)[]> = {
  always: [],
  probability: ['probability', 'seed'],
  next_n: ['remainingCalls'],
  customer: ['customerId'],
  card: ['paymentMethodId'],
  window: ['activeFrom', 'activeUntil'],
};

/**
 * A patch that switches the trigger also clears the old trigger's fields, unless it sets them
 * itself: `{ trigger: 'always' }` on a 30 % rule means always, not "always, 30 % of the time".
 * Conditions a patch sets explicitly still AND together (see README).
 */
export function withTriggerSwitch(current: FaultRuleFields, patch: Partial<FaultRuleFields>): Partial<FaultRuleFields> {
  if (patch.trigger === undefined || patch.trigger === current.trigger) return patch;
  const cleared = Object.fromEntries(
    TRIGGER_FIELDS[current.trigger]
      .filter((field) => !(field in patch))
      .map((field) => [field, RULE_DEFAULTS[field as keyof typeof RULE_DEFAULTS]]),
  );
  return { ...cleared, ...patch };
}

/** Cross-field rules: the kind fits the service and operation, the trigger has what it needs. */
export function ruleProblems(rule: FaultRuleFields): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!kindAppliesToService(rule.kind, rule.service)) {
    problems.push({ path: 'kind', message: `A ${rule.kind} fault does not apply to the ${rule.service} service.` });
  } else if (rule.operation !== '*') {
    if (!isKnownOperation(rule.service, rule.operation)) {
      problems.push({
        path: 'operation',
        message: `The ${rule.service} service has no operation "${rule.operation}".`,
      });
    } else if (!kindAppliesTo(rule.kind, rule.service, rule.operation)) {
      problems.push({
        path: 'operation',
        message: `A ${rule.kind} fault does not apply to ${rule.service}.${rule.operation}.`,
      });
    }
  }
  if (rule.trigger === 'window') {
    if (!rule.activeFrom && !rule.activeUntil) {
      problems.push({ path: 'activeFrom', message: 'A window trigger needs activeFrom, activeUntil or both.' });
    }
  } else if (rule.trigger !== 'always') {
    const needed = TRIGGER_NEEDS[rule.trigger];
    if (rule[needed] === null) problems.push({ path: needed, message: `A ${rule.trigger} trigger needs ${needed}.` });
  }
  if (rule.activeFrom && rule.activeUntil && rule.activeFrom >= rule.activeUntil) {
    problems.push({ path: 'activeUntil', message: 'activeUntil must be after activeFrom.' });
  }
  for (const [param, service] of Object.entries(PARAM_SERVICE)) {
    if (rule.params[param as keyof FaultParams] !== undefined && rule.service !== service) {
      problems.push({ path: `params.${param}`, message: `params.${param} only applies to ${service} rules.` });
    }
  }
  return problems;
}

const SERVICE_SET = new Set<string>(SERVICE_NAMES);
const KIND_SET = new Set<string>(FAULT_KINDS);
const TRIGGER_SET = new Set<string>(FAULT_TRIGGERS);

/**
 * Reads a stored row. Returns null for a row that no longer fits the schema (written
 * by hand, or by an older version): such a rule never fires rather than crashing a call.
 */
export function ruleFromRow(row: FaultRuleRow): FaultRule | null {
  if (!SERVICE_SET.has(row.service) || !KIND_SET.has(row.kind) || !TRIGGER_SET.has(row.trigger)) return null;
  let params: FaultParams;
  try {
    const parsed = faultParamsSchema.safeParse(JSON.parse(row.params));
    if (!parsed.success) return null;
    params = parsed.data;
  } catch {
    return null;
  }
  return {
    ...row,
    service: row.service as ServiceName,
    kind: row.kind as FaultKind,
    trigger: row.trigger as FaultTrigger,
    params,
  };
}

/** The JSON face of a rule (dates as ISO text), for the API and run snapshots. */
export function ruleView(rule: FaultRule): FaultRuleView {
  return {
    ...rule,
    activeFrom: rule.activeFrom?.toISOString() ?? null,
    activeUntil: rule.activeUntil?.toISOString() ?? null,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  } satisfies FaultRuleView;
}
