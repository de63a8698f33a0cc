/**
 * A fault rule at the boundary (zod) and inside (a typed value over the FaultRule row).
 * Columns hold the conditions; `params` is JSON text with the kind's settings and the
 * extra matches (card role, carrier, SKU) that need something only the service knows.
 */
import { z } from 'zod';
import type { FaultRule as FaultRuleRow } from '@/lib/db/generated/client';
import { INSTANT_RANGE_MESSAGE, isAcceptedInstant } from '@/lib/runtime/instant';
import type { ServiceName } from '@/lib/services/types';
import {
  CARRIERS,
  FAULT_KINDS,
  FAULT_TRIGGERS,
  SERVICE_NAMES,
  isKnownOperation,
  kindAppliesTo,
  kindAppliesToService,
  type FaultKind,
  type FaultTrigger,
} from './catalog';

export const faultParamsSchema = z
  .object({
    /** latency: how long the call is held before it proceeds. */
    latencyMs: z.int().min(0).max(120_000).optional(),
    /** rate_limited, outages: what the error tells the caller to wait. */
    retryAfterMs: z.int().min(0).max(3_600_000).optional(),
    /** payment: fire only for cards of this role. */
    cardRole: z.enum(['primary', 'backup']).optional(),
    /** shipping: fire only for this carrier. */
    carrier: z.enum(CARRIERS).optional(),
    /** inventory: fire only when this SKU is involved (and, for out_of_stock, report only it). */
    sku: z.string().min(1).max(64).optional(),
  })
  .strict();
export type FaultParams = z.infer<typeof faultParamsSchema>;

const PARAM_SERVICE: Partial<Record<keyof FaultParams, ServiceName>> = {
  cardRole: 'payment',
  carrier: 'shipping',
  sku: 'inventory',
};

/**
 * An ISO date-time or epoch milliseconds, as a Date the database can store: a number past a Date's
 * range would be an Invalid Date (and a 500 from the insert), so the range is checked here.
 */
const instant = z
  .union([z.int().min(0), z.iso.datetime({ offset: true })], { error: 'Expected an ISO date-time or epoch milliseconds.' })
  .transform((value, ctx) => {
    const date = new Date(value);
    if (isAcceptedInstant(date)) return date;
    ctx.addIssue({ code: 'custom', message: INSTANT_RANGE_MESSAGE });
    return z.NEVER;
  });

/** Each field once, without defaults, so that the same fields serve create and patch. */
const ruleFields = {
  name: z.string().trim().max(120),
  service: z.enum(SERVICE_NAMES),
  operation: z.string().trim().min(1).max(64),
  kind: z.enum(FAULT_KINDS),
  enabled: z.boolean(),
  trigger: z.enum(FAULT_TRIGGERS),
  probability: z.number().min(0).max(1).nullable(),
  seed: z.int().min(0).max(2 ** 31 - 1).nullable(),
  remainingCalls: z.int().min(0).max(1_000_000).nullable(),
  customerId: z.string().trim().min(1).max(64).nullable(),
  paymentMethodId: z.string().trim().min(1).max(64).nullable(),
  activeFrom: instant.nullable(),
  activeUntil: instant.nullable(),
  params: faultParamsSchema,
};

export const faultRuleCreateSchema = z.object(ruleFields).partial().required({ service: true, kind: true }).strict();
export const faultRulePatchSchema = z.object(ruleFields).partial().strict();
export type FaultRuleCreateInput = z.input<typeof faultRuleCreateSchema>;
export type FaultRulePatchInput = z.input<typeof faultRulePatchSchema>;

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
  const cleared = Object.fromEntries(TRIGGER_FIELDS[current.trigger].filter((field) => !(field in patch)).map((field) => [field, RULE_DEFAULTS[field as keyof typeof RULE_DEFAULTS]]));
  return { ...cleared, ...patch };
}

/** Cross-field rules: the kind fits the service and operation, the trigger has what it needs. */
export function ruleProblems(rule: FaultRuleFields): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!kindAppliesToService(rule.kind, rule.service)) {
    problems.push({ path: 'kind', message: `A ${rule.kind} fault does not apply to the ${rule.service} service.` });
  } else if (rule.operation !== '*') {
    if (!isKnownOperation(rule.service, rule.operation)) {
      problems.push({ path: 'operation', message: `The ${rule.service} service has no operation "${rule.operation}".` });
    } else if (!kindAppliesTo(rule.kind, rule.service, rule.operation)) {
      problems.push({ path: 'operation', message: `A ${rule.kind} fault does not apply to ${rule.service}.${rule.operation}.` });
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
export interface FaultRuleView extends Omit<FaultRule, 'activeFrom' | 'activeUntil' | 'createdAt' | 'updatedAt'> {
  activeFrom: string | null;
  activeUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export function ruleView(rule: FaultRule): FaultRuleView {
  return {
    ...rule,
    activeFrom: rule.activeFrom?.toISOString() ?? null,
    activeUntil: rule.activeUntil?.toISOString() ?? null,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
  };
}
