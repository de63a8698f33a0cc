import { describe, expect, it } from 'vitest';
import { FAULT_PRESETS, presetRuleFields } from '@/lib/faults/presets';
import type { FaultRule } from '@/lib/faults/rule-schema';
import { behaviour, compareTraces } from '@/lib/replay/compare';
import { replayRun } from '@/lib/replay/replay-run';
import { loadEvents } from '@/lib/trace/event-log';
import { withReplayHarness } from '../../support/replay-harness';

const r = withReplayHarness();

const rulesOf = (presetId: string, name: string): FaultRule[] =>
  presetRuleFields(FAULT_PRESETS.find((p) => p.id === presetId)!).map((fields, i) => ({
    ...fields,
    id: `${name}_${i}`,
    name,
    hitCount: 0,
    evalCount: 0,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  }));

describe('first change in behaviour, apart from bookkeeping', () => {
  it('the same decline under a rule of another name: the traces differ, the behaviour does not', async () => {
    const [run] = await r.h.order({ customerId: 'cus_ada', faultPreset: 'decline-primary-cards' });
    const events = await loadEvents(r.h.t.db, run.runId);
    expect(events.some((e) => e.type === 'fault.injected')).toBe(true);
    const first = events.find((e) => e.type === 'model.step')!;
    // A fork from the first step under the same decline, written as another rule: only which rule fired changes.
    const fork = await replayRun(r.deps, run.runId, {
      atSeq: first.seq,
      resolvedRules: rulesOf('decline-primary-cards', 'renamed decline'),
    });
    const cmp = compareTraces(events, await loadEvents(r.h.t.db, fork.runId));
    expect(cmp.identical).toBe(false);
    const at = cmp.rows[cmp.firstDivergence!.row];
    expect([at.a?.type, at.b?.type]).toContain('fault.injected');
    expect(cmp.firstBehaviouralDivergence).toBeNull();
  });

  it('a fork where the backup card declines too: the first change in behaviour is the authorize that failed, after the rule that fired', async () => {
    const [run] = await r.h.order({ customerId: 'cus_grace' });
    const events = await loadEvents(r.h.t.db, run.runId);
    const atStep = events.find(
      (e) =>
        e.type === 'model.step' &&
        e.agent === 'CheckoutAgent' &&
        e.data.toolCalls.some((c) => JSON.stringify(c.input).includes('pm_grace_mc')),
    )!;
    const declineAll = rulesOf('decline-primary-cards', 'every card declines').map((rule) => ({ ...rule, params: {} }));
    const fork = await replayRun(r.deps, run.runId, { atSeq: atStep.seq, resolvedRules: declineAll });
    const cmp = compareTraces(events, await loadEvents(r.h.t.db, fork.runId));
    const behavioural = cmp.firstBehaviouralDivergence!;
    expect(behavioural.row).toBeGreaterThan(cmp.firstDivergence!.row);
    const row = cmp.rows[behavioural.row];
    const changed = row.b ?? row.a!;
    expect(changed.type).toBe('tool.result');
    expect(changed.data).toMatchObject({ toolName: 'payment_authorize' });
    // Everything before it is the same behaviour (the fault.injected row is bookkeeping).
    for (const earlier of cmp.rows.slice(0, behavioural.row)) {
      if (earlier.kind === 'same') continue;
      const e = (earlier.a ?? earlier.b)!;
      if (earlier.a && earlier.b) expect(behaviour(earlier.a)).toEqual(behaviour(earlier.b));
      else expect(behaviour(e)).toBeNull();
    }
  });
});
