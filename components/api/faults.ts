import {
  faultPresetAppliedSchema,
  faultPresetListSchema,
  faultRuleDeletedSchema,
  faultRuleListSchema,
  faultRuleReplySchema,
  faultRulesClearedSchema,
  type FaultPresetSummary,
  type FaultRuleCreateInput,
  type FaultRulePatchInput,
  type FaultRuleView,
} from '@/lib/wire/fault-rules';
import { requestJson } from './http';

export type {
  FaultParams,
  FaultPresetSummary,
  FaultRuleCreateInput,
  FaultRuleFieldsView,
  FaultRuleView,
} from '@/lib/wire/fault-rules';

export const fetchRules = async (): Promise<FaultRuleView[]> =>
  (await requestJson('/api/faults', faultRuleListSchema)).rules;
export const fetchPresets = async (): Promise<FaultPresetSummary[]> =>
  (await requestJson('/api/faults/presets', faultPresetListSchema)).presets;

export const createRule = (input: FaultRuleCreateInput) =>
  requestJson('/api/faults', faultRuleReplySchema, { method: 'POST', json: input });
export const updateRule = (id: string, patch: FaultRulePatchInput) =>
  requestJson(`/api/faults/${encodeURIComponent(id)}`, faultRuleReplySchema, { method: 'PATCH', json: patch });
export const deleteRule = (id: string) =>
  requestJson(`/api/faults/${encodeURIComponent(id)}`, faultRuleDeletedSchema, { method: 'DELETE' });
export const clearRules = () => requestJson('/api/faults', faultRulesClearedSchema, { method: 'DELETE' });
export const applyPreset = (preset: string, replace: boolean) =>
  requestJson('/api/faults/presets', faultPresetAppliedSchema, { method: 'POST', json: { preset, replace } });

/** A one-line summary of when a rule fires, for lists and banners. */
export function describeTrigger(
  rule: Pick<
    FaultRuleView,
    | 'trigger'
    | 'probability'
    | 'seed'
    | 'remainingCalls'
    | 'customerId'
    | 'paymentMethodId'
    | 'activeFrom'
    | 'activeUntil'
  >,
): string {
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
