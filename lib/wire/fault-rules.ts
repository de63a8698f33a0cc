/**
 * Fault rules on the wire: what GET/POST/PATCH /api/faults and /api/faults/presets send and accept,
 * and what a run records of the rules it met. The routes build these shapes (`satisfies`), the
 * browser parses them, the API tests check them: one schema each, so a change shows on both sides.
 * Browser-safe: zod and the fault catalog only.
 */
import { z } from 'zod';
import { CARRIERS, FAULT_KINDS, FAULT_TRIGGERS, SERVICE_NAMES } from '@/lib/faults/catalog';
import { INSTANT_RANGE_MESSAGE, isAcceptedInstant } from '@/lib/runtime/instant';

/** A kind's settings and the extra matches that need something only the service knows (params). */
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

/**
 * An ISO date-time or epoch milliseconds, read as a Date the database can store: a number past a Date's
 * range would be an Invalid Date (and a 500 from the insert), so the range is checked here.
 */
const instant = z
  .union([z.int().min(0), z.iso.datetime({ offset: true })], {
    error: 'Expected an ISO date-time or epoch milliseconds.',
  })
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
  seed: z
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .nullable(),
  remainingCalls: z.int().min(0).max(1_000_000).nullable(),
  customerId: z.string().trim().min(1).max(64).nullable(),
  paymentMethodId: z.string().trim().min(1).max(64).nullable(),
  activeFrom: instant.nullable(),
  activeUntil: instant.nullable(),
  params: faultParamsSchema,
};

/** POST /api/faults (and a fork's `faultRules`): service and kind, the rest defaulted. */
export const faultRuleCreateSchema = z.object(ruleFields).partial().required({ service: true, kind: true }).strict();
/** PATCH /api/faults/:id: any of the fields. */
export const faultRulePatchSchema = z.object(ruleFields).partial().strict();
/** What a client sends to create a rule (instants as ISO text or epoch ms). */
export type FaultRuleCreateInput = z.input<typeof faultRuleCreateSchema>;
export type FaultRulePatchInput = z.input<typeof faultRulePatchSchema>;

/** A rule as the API returns it: every field settled, instants as ISO text, with its counters. */
export const faultRuleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  service: z.enum(SERVICE_NAMES),
  operation: z.string(),
  kind: z.enum(FAULT_KINDS),
  enabled: z.boolean(),
  trigger: z.enum(FAULT_TRIGGERS),
  probability: z.number().nullable(),
  seed: z.int().nullable(),
  remainingCalls: z.int().nullable(),
  customerId: z.string().nullable(),
  paymentMethodId: z.string().nullable(),
  activeFrom: z.string().nullable(),
  activeUntil: z.string().nullable(),
  params: faultParamsSchema,
  /** Times the rule fired, and times it was asked (a seeded draw resumes from evalCount). */
  hitCount: z.int(),
  evalCount: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FaultRuleView = z.infer<typeof faultRuleViewSchema>;
/** A rule's writable fields, settled, as a view holds them: what the rule editor produces, a valid create body. */
export type FaultRuleFieldsView = Omit<FaultRuleView, 'id' | 'hitCount' | 'evalCount' | 'createdAt' | 'updatedAt'>;

/** GET /api/faults. */
export const faultRuleListSchema = z.object({ rules: z.array(faultRuleViewSchema) });
/** POST /api/faults (201), PATCH /api/faults/:id. */
export const faultRuleReplySchema = z.object({ rule: faultRuleViewSchema });
/** DELETE /api/faults: how many rules went. */
export const faultRulesClearedSchema = z.object({ deleted: z.int().nonnegative() });
/** DELETE /api/faults/:id: the id of the rule that went. */
export const faultRuleDeletedSchema = z.object({ deleted: z.string() });

/** One preset of GET /api/faults/presets. */
export const faultPresetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  ruleCount: z.int(),
});
export type FaultPresetSummary = z.infer<typeof faultPresetSummarySchema>;
export const faultPresetListSchema = z.object({ presets: z.array(faultPresetSummarySchema) });
/** POST /api/faults/presets (201): the rules it created, and how many others `replace` deleted. */
export const faultPresetAppliedSchema = z.object({
  preset: z.string(),
  created: z.array(faultRuleViewSchema),
  deleted: z.int().nonnegative(),
});

const recordedNullable = <T extends z.ZodType>(schema: T) =>
  schema
    .nullable()
    .optional()
    .transform((v) => v ?? null);
const recordedInstant = z
  .union([z.string(), z.date()])
  .nullable()
  .optional()
  .transform((v) => (v ? new Date(v) : null));

/**
 * A rule as a run recorded it, read leniently: the start snapshot (`run.started` faultRules) holds
 * database rows (params as JSON text), a `faults.changed` holds views (params as an object); both
 * carry the counters of that moment. Re-runs replay these and the fork form starts from them.
 */
export const recordedFaultRuleSchema = z.object({
  id: z.string(),
  name: z.string().default(''),
  service: z.string(),
  operation: z.string().default('*'),
  kind: z.string(),
  enabled: z.boolean().default(true),
  trigger: z.string().default('always'),
  probability: recordedNullable(z.number()),
  seed: recordedNullable(z.number().int()),
  remainingCalls: recordedNullable(z.number().int()),
  customerId: recordedNullable(z.string()),
  paymentMethodId: recordedNullable(z.string()),
  activeFrom: recordedInstant,
  activeUntil: recordedInstant,
  params: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .default('{}')
    .transform((p) => (typeof p === 'string' ? p : JSON.stringify(p))),
  hitCount: z.number().int().default(0),
  evalCount: z.number().int().default(0),
});
export type RecordedFaultRule = z.infer<typeof recordedFaultRuleSchema>;

/** A recorded rule as a view (what the fork form edits), or null when it no longer fits the schema, as the injector ignores it. */
export function recordedRuleView(raw: unknown): FaultRuleView | null {
  const recorded = recordedFaultRuleSchema.safeParse(raw);
  if (!recorded.success) return null;
  let params: unknown;
  try {
    params = JSON.parse(recorded.data.params);
  } catch {
    return null;
  }
  const view = faultRuleViewSchema.safeParse({
    ...recorded.data,
    params,
    activeFrom: recorded.data.activeFrom?.toISOString() ?? null,
    activeUntil: recorded.data.activeUntil?.toISOString() ?? null,
    createdAt: new Date(0).toISOString(),
    updatedAt: new Date(0).toISOString(),
  });
  return view.success ? view.data : null;
}
