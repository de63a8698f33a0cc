import { getDb } from '@/lib/db/client';
import { FAULT_PRESETS, presetRuleFields } from '@/lib/faults/presets';
import { parseFaultRuleInput } from '@/lib/faults/rules';
import type { FaultRule } from '@/lib/faults/rule-schema';
import { getTraceBus } from '@/lib/trace/bus';
import { TraceRecorder } from '@/lib/trace/recorder';
import { ReplayError, type ForkRequest, type ReplayDeps } from './replay-run';

/** The app's replay dependencies: the live database, and recorders on it that stamp with the sandbox's clock. */
export async function appReplayDeps(): Promise<ReplayDeps> {
  const db = await getDb();
  return { db, recorderFor: (clock) => new TraceRecorder({ db, bus: getTraceBus(), clock }) };
}

const asRule = (
  fields: Omit<FaultRule, 'id' | 'hitCount' | 'evalCount' | 'createdAt' | 'updatedAt'>,
  i: number,
): FaultRule => ({
  ...fields,
  id: `fork_rule_${i + 1}`,
  hitCount: 0,
  evalCount: 0,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

/** The fault rules a fork runs under from its step on: a preset's, or rules given in full (validated like the API's). */
export function resolveForkRules(request: ForkRequest): FaultRule[] | undefined {
  if (request.faultPreset) {
    const preset = FAULT_PRESETS.find((p) => p.id === request.faultPreset);
    if (!preset) throw new ReplayError('faultPreset', `No fault preset named "${request.faultPreset}".`);
    return presetRuleFields(preset).map(asRule);
  }
  if (!request.faultRules) return undefined;
  return request.faultRules.map((input, i) => {
    const parsed = parseFaultRuleInput(input);
    if (!parsed.ok) throw new ReplayError(`faultRules.${i}`, parsed.error.message);
    return asRule(parsed.value, i);
  });
}
