import { z } from 'zod';
import { requestJson } from './http';

/** Kind-specific settings and extra matches of a rule (what the control panel edits of the faults service's params). */
const faultParamsSchema = z
  .object({
    latencyMs: z.number().optional(),
    retryAfterMs: z.number().optional(),
    cardRole: z.enum(['primary', 'backup']).optional(),
    carrier: z.string().optional(),
    sku: z.string().optional(),
  })
  .catch({});
export type FaultParams = z.infer<typeof faultParamsSchema>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** A fault rule as GET /api/faults returns it (dates as ISO text). */
export const faultRuleSchema = z.object({
  id: z.string(),
  name: z.string().default(''),
  service: z.string(),
  operation: z.string().default('*'),
  kind: z.string(),
  enabled: z.boolean(),
  trigger: z.string().default('always'),
  probability: z.number().nullish(),
  seed: z.number().nullish(),
  remainingCalls: z.number().nullish(),
  customerId: z.string().nullish(),
  paymentMethodId: z.string().nullish(),
  activeFrom: z.string().nullish(),
  activeUntil: z.string().nullish(),
  // The API returns params as an object; older rows and snapshots may hold its JSON text.
  params: z.preprocess((p) => (typeof p === 'string' ? parseJson(p) : p), faultParamsSchema),
  hitCount: z.number().default(0),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});
export type FaultRule = z.infer<typeof faultRuleSchema>;

/** What the control panel sends to create or edit a rule. */
export interface FaultRuleInput {
  name: string;
  service: string;
  operation: string;
  kind: string;
  enabled: boolean;
  trigger: string;
  probability: number | null;
  seed: number | null;
  remainingCalls: number | null;
  customerId: string | null;
  paymentMethodId: string | null;
  activeFrom: string | null;
  activeUntil: string | null;
  params: FaultParams;
}

export const presetSchema = z.object({ id: z.string(), name: z.string(), description: z.string().default('') });
export type FaultPreset = z.infer<typeof presetSchema>;

const rulesSchema = z.object({ rules: z.array(faultRuleSchema) });
const anySchema = z.unknown();

export const fetchRules = async (): Promise<FaultRule[]> => (await requestJson('/api/faults', rulesSchema)).rules;
export const fetchPresets = async (): Promise<FaultPreset[]> =>
  (await requestJson('/api/faults/presets', z.object({ presets: z.array(presetSchema) }))).presets;

export const createRule = (input: FaultRuleInput) => requestJson('/api/faults', anySchema, { method: 'POST', json: input });
export const updateRule = (id: string, patch: Partial<FaultRuleInput>) =>
  requestJson(`/api/faults/${encodeURIComponent(id)}`, anySchema, { method: 'PATCH', json: patch });
export const deleteRule = (id: string) => requestJson(`/api/faults/${encodeURIComponent(id)}`, anySchema, { method: 'DELETE' });
export const clearRules = () => requestJson('/api/faults', anySchema, { method: 'DELETE' });
export const applyPreset = (preset: string, replace: boolean) =>
  requestJson('/api/faults/presets', anySchema, { method: 'POST', json: { preset, replace } });

/** A one-line summary of when a rule fires, for lists and banners. */
export function describeTrigger(rule: Pick<FaultRule, 'trigger' | 'probability' | 'seed' | 'remainingCalls' | 'customerId' | 'paymentMethodId' | 'activeFrom' | 'activeUntil'>): string {
  switch (rule.trigger) {
    case 'probability':
      return `p=${rule.probability ?? '?'}${rule.seed !== null && rule.seed !== undefined ? ` seed ${rule.seed}` : ''}`;
    case 'next_n':
      return `next ${rule.remainingCalls ?? 0} call${rule.remainingCalls === 1 ? '' : 's'}`;
    case 'customer':
      return `customer ${rule.customerId ?? '?'}`;
    case 'card':
      return `card ${rule.paymentMethodId ?? '?'}`;
    case 'window':
      return `${rule.activeFrom ? rule.activeFrom.slice(11, 19) : '…'}–${rule.activeUntil ? rule.activeUntil.slice(11, 19) : '…'} UTC`;
    default:
      return 'always';
  }
}
