/**
 * Named sets of rules for the demo's common breakages, applied in one call.
 * Probabilistic presets carry fixed seeds, so a preset run replays exactly.
 */
import { z } from 'zod';
import type { PrismaClient } from '@/lib/db/client';
import { ok, type ServiceResult } from '@/lib/services/types';
import { validate } from '@/lib/services/validation';
import { parseFaultRuleInput, replaceOrAddFaultRules, type FaultRulesDeps } from './rules';
import type { FaultPresetSummary, FaultRuleCreateInput } from '@/lib/wire/fault-rules';
import type { FaultRule, FaultRuleFields } from './rule-schema';

export interface FaultPreset {
  id: string;
  name: string;
  description: string;
  rules: FaultRuleCreateInput[];
}

export const FAULT_PRESETS: FaultPreset[] = [
  {
    id: 'decline-primary-cards',
    name: 'Decline primary cards',
    description: 'Every authorization on a primary card is declined by the issuer; backup cards still work.',
    rules: [
      {
        name: 'Decline primary cards',
        service: 'payment',
        operation: 'authorize',
        kind: 'decline',
        params: { cardRole: 'primary' },
      },
    ],
  },
  {
    id: 'decline-all-cards',
    name: 'Decline every card',
    description:
      'Every authorization is declined by the issuer, on primary and backup cards alike: the order can only fail cleanly (or wait for a new card).',
    rules: [{ name: 'Decline every card', service: 'payment', operation: 'authorize', kind: 'decline' }],
  },
  {
    id: 'flaky-gateway-30',
    name: 'Flaky gateway 30%',
    description:
      '30% of payment calls fail with a 5xx server error (seed 42); retrying with the same idempotency key is safe.',
    rules: [
      {
        name: 'Flaky gateway 30%',
        service: 'payment',
        kind: 'server_error',
        trigger: 'probability',
        probability: 0.3,
        seed: 42,
      },
    ],
  },
  {
    id: 'gateway-timeouts',
    name: 'Gateway timeouts',
    description: 'The next 2 authorizations time out before reaching the gateway.',
    rules: [
      {
        name: 'Gateway timeouts',
        service: 'payment',
        operation: 'authorize',
        kind: 'timeout',
        trigger: 'next_n',
        remainingCalls: 2,
      },
    ],
  },
  {
    id: 'ambiguous-capture',
    name: 'Ambiguous capture',
    description:
      'The next capture succeeds, but its reply is lost as a timeout: only payment.status tells that the money moved.',
    rules: [
      {
        name: 'Ambiguous capture',
        service: 'payment',
        operation: 'capture',
        kind: 'ambiguous_success',
        trigger: 'next_n',
        remainingCalls: 1,
      },
    ],
  },
  {
    id: 'carrier-outage',
    name: 'Carrier outage (UPS)',
    description: 'UPS cannot create labels; FedEx and DHL still can.',
    rules: [
      {
        name: 'UPS outage',
        service: 'shipping',
        operation: 'createLabel',
        kind: 'carrier_outage',
        params: { carrier: 'ups', retryAfterMs: 30_000 },
      },
    ],
  },
  {
    id: 'out-of-stock',
    name: 'Out of stock',
    description: 'Inventory reports every item out of stock: checks show nothing available and reservations fail.',
    rules: [{ name: 'Out of stock', service: 'inventory', kind: 'out_of_stock' }],
  },
  {
    id: 'notification-down',
    name: 'Notification provider down',
    description: 'Emails and SMS fail: the provider is down (retry after 5 s).',
    rules: [
      {
        name: 'Notification provider down',
        service: 'notification',
        kind: 'provider_down',
        params: { retryAfterMs: 5000 },
      },
    ],
  },
  {
    id: 'rate-limited-payments',
    name: 'Rate-limited payments',
    description: 'The next 3 payment calls are rate limited (429) with a 1 s retry-after the caller should honour.',
    rules: [
      {
        name: 'Rate-limited payments',
        service: 'payment',
        kind: 'rate_limited',
        trigger: 'next_n',
        remainingCalls: 3,
        params: { retryAfterMs: 1000 },
      },
    ],
  },
  {
    id: 'corrupted-capture',
    name: 'Corrupted capture reply',
    description: 'The next capture goes through, but its reply shows an amount that differs from the order total.',
    rules: [
      {
        name: 'Corrupted capture',
        service: 'payment',
        operation: 'capture',
        kind: 'corrupted_reply',
        trigger: 'next_n',
        remainingCalls: 1,
      },
    ],
  },
  {
    id: 'slow-payments',
    name: 'Slow payments',
    description: 'Every payment call takes 1.5 s longer.',
    rules: [{ name: 'Slow payments', service: 'payment', kind: 'latency', params: { latencyMs: 1500 } }],
  },
  {
    id: 'customer-service-down',
    name: 'Customer service down',
    description: 'The customer service is unavailable for the next 2 calls (retry after 2 s).',
    rules: [
      {
        name: 'Customer service down',
        service: 'customer',
        kind: 'service_down',
        trigger: 'next_n',
        remainingCalls: 2,
        params: { retryAfterMs: 2000 },
      },
    ],
  },
  {
    id: 'chaos-mix',
    name: 'Chaos mix',
    description:
      'A little of everything, at random but seeded: 5xx, timeouts, ambiguous captures, outages, rate limits, slow calls and a wrong stock count now and then.',
    rules: [
      {
        name: 'Chaos: 5xx',
        service: 'payment',
        kind: 'server_error',
        trigger: 'probability',
        probability: 0.1,
        seed: 101,
      },
      {
        name: 'Chaos: authorize timeout',
        service: 'payment',
        operation: 'authorize',
        kind: 'timeout',
        trigger: 'probability',
        probability: 0.1,
        seed: 102,
      },
      {
        name: 'Chaos: ambiguous capture',
        service: 'payment',
        operation: 'capture',
        kind: 'ambiguous_success',
        trigger: 'probability',
        probability: 0.1,
        seed: 103,
      },
      {
        name: 'Chaos: slow payments',
        service: 'payment',
        kind: 'latency',
        trigger: 'probability',
        probability: 0.2,
        seed: 104,
        params: { latencyMs: 800 },
      },
      {
        name: 'Chaos: inventory down',
        service: 'inventory',
        operation: 'reserve',
        kind: 'service_down',
        trigger: 'probability',
        probability: 0.1,
        seed: 105,
        params: { retryAfterMs: 1000 },
      },
      {
        name: 'Chaos: wrong stock count',
        service: 'inventory',
        operation: 'check',
        kind: 'corrupted_reply',
        trigger: 'probability',
        probability: 0.05,
        seed: 106,
      },
      {
        name: 'Chaos: UPS outage',
        service: 'shipping',
        operation: 'createLabel',
        kind: 'carrier_outage',
        trigger: 'probability',
        probability: 0.3,
        seed: 107,
        params: { carrier: 'ups' },
      },
      {
        name: 'Chaos: notifications down',
        service: 'notification',
        kind: 'provider_down',
        trigger: 'probability',
        probability: 0.2,
        seed: 108,
      },
      {
        name: 'Chaos: customer rate limited',
        service: 'customer',
        kind: 'rate_limited',
        trigger: 'probability',
        probability: 0.1,
        seed: 109,
      },
    ],
  },
];

export function listFaultPresets(): FaultPresetSummary[] {
  return FAULT_PRESETS.map(({ id, name, description, rules }) => ({ id, name, description, ruleCount: rules.length }));
}

export const applyPresetSchema = z
  .object({
    preset: z.enum(FAULT_PRESETS.map((p) => p.id) as [string, ...string[]]),
    replace: z.boolean().default(false),
  })
  .strict();

/** The preset's rules, settled and checked (a preset that does not validate is a bug, caught by the tests). */
export function presetRuleFields(preset: FaultPreset): FaultRuleFields[] {
  return preset.rules.map((input) => {
    const parsed = parseFaultRuleInput(input);
    if (!parsed.ok) throw new Error(`Preset ${preset.id} has an invalid rule: ${parsed.error.message}`);
    return parsed.value;
  });
}

export async function applyFaultPreset(
  db: PrismaClient,
  input: unknown,
  deps: FaultRulesDeps = {},
): Promise<ServiceResult<{ preset: string; created: FaultRule[]; deleted: number }>> {
  const parsed = validate(applyPresetSchema, input, 'preset request');
  if (!parsed.ok) return parsed;
  const preset = FAULT_PRESETS.find((p) => p.id === parsed.value.preset) as FaultPreset;
  const outcome = await replaceOrAddFaultRules(
    db,
    presetRuleFields(preset),
    { replace: parsed.value.replace, preset: preset.id },
    deps,
  );
  return ok({ preset: preset.id, ...outcome });
}

/**
 * A preset's rules for one order only: held in memory by that order's run (never written to the
 * FaultRule table), ids `<idPrefix>-<n>`, counters at zero. The run records them with its fault
 * snapshot, so a re-run replays them. Null when there is no such preset.
 */
export function presetRulesForOrder(presetId: string, idPrefix: string, now: number): FaultRule[] | null {
  const preset = FAULT_PRESETS.find((p) => p.id === presetId);
  if (!preset) return null;
  const at = new Date(now);
  return presetRuleFields(preset).map((fields, i) => ({
    ...fields,
    id: `${idPrefix}-${i + 1}`,
    hitCount: 0,
    evalCount: 0,
    createdAt: at,
    updatedAt: at,
  }));
}
