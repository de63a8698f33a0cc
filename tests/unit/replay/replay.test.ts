import { describe, expect, it } from 'vitest';
import { randomFaultSchedule } from '@/lib/chaos/random-fault-rules';
import { replayRun } from '@/lib/replay/replay-run';
import { compareTraces } from '@/lib/replay/compare';
import { presetRuleFields, FAULT_PRESETS } from '@/lib/faults/presets';
import type { FaultRule } from '@/lib/faults/rule-schema';
import { loadEvents } from '@/lib/trace/event-log';
import { withReplayHarness } from '../../support/replay-harness';

const r = withReplayHarness();

async function createRules(rules: Partial<FaultRule>[]) {
  for (const [i, rule] of rules.entries()) {
    const { id: _id, hitCount: _h, evalCount: _e, createdAt: _c, updatedAt: _u, params, ...rest } = rule as FaultRule;
    await r.h.t.db.faultRule.create({ data: { ...rest, id: `rule_${i}`, params: JSON.stringify(params ?? {}) } });
  }
}

const presetRules = (id: string): FaultRule[] =>
  presetRuleFields(FAULT_PRESETS.find((p) => p.id === id)!).map((fields, i) => ({
    ...fields,
    id: `fork_${i}`,
    hitCount: 0,
    evalCount: 0,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  }));

describe('deterministic re-run', () => {
  it('re-runs a past run in a sandbox to an identical trace, leaving the live store untouched', async () => {
    const [run] = await r.h.order({ customerId: 'cus_grace' });
    const stockBefore = await r.h.t.db.product.findMany({ orderBy: { sku: 'asc' } });
    const paymentsBefore = await r.h.t.db.payment.count();
    const result = await replayRun(r.deps, run.runId);
    expect(result.comparison.identical).toBe(true);
    expect(result.comparison.firstDivergence).toBeNull();
    expect(await r.h.t.db.product.findMany({ orderBy: { sku: 'asc' } })).toEqual(stockBefore);
    expect(await r.h.t.db.payment.count()).toBe(paymentsBefore);
    const child = await r.h.t.db.run.findUniqueOrThrow({ where: { id: result.runId } });
    expect(child).toMatchObject({ parentRunId: run.runId, status: 'succeeded', orderId: null });
  });

  it('200 random offline runs re-run to identical traces', async () => {
    const results: boolean[] = [];
    for (let seed = 0; seed < 200; seed++) {
      await r.h.t.db.faultRule.deleteMany();
      await createRules(randomFaultSchedule(1000 + seed));
      const customers = [
        'cus_ada',
        'cus_grace',
        'cus_alan',
        'cus_katherine',
        'cus_linus',
        'cus_margaret',
        'cus_barbara',
        'cus_edsger',
      ];
      const [run] = await r.h.order({
        customerId: customers[seed % customers.length],
        items: [{ sku: seed % 2 ? 'MS-002' : 'CB-010', quantity: 1 + (seed % 2) }],
      });
      const replay = await replayRun(r.deps, run.runId);
      if (!replay.comparison.identical) console.error(`seed ${seed}: diverged at`, replay.comparison.firstDivergence);
      results.push(replay.comparison.identical);
    }
    expect(results.filter(Boolean).length).toBe(200);
  }, 600_000);
});

describe('fork and edit-and-continue', () => {
  it('a fork under other fault rules diverges exactly at the chosen step', async () => {
    const [run] = await r.h.order({ customerId: 'cus_grace' });
    const events = await loadEvents(r.h.t.db, run.runId);
    // Fork at the CheckoutAgent's decision to authorize the backup card, with every card now declining.
    const atStep = events.find(
      (e) =>
        e.type === 'model.step' &&
        e.agent === 'CheckoutAgent' &&
        e.data.toolCalls.some((c) => JSON.stringify(c.input).includes('pm_grace_mc')),
    );
    expect(atStep).toBeDefined();
    const declineAll = presetRules('decline-primary-cards').map((r) => ({ ...r, params: {} }));
    const fork = await replayRun(r.deps, run.runId, { atSeq: atStep!.seq, resolvedRules: declineAll });
    expect(fork.comparison.identical).toBe(false);
    // Everything up to the backup card's authorize call is identical (the planner, live from the fork point, decides
    // as before); right after that call the new rule fires: the fork records the injected decline where the parent had
    // the call's result.
    const forkEvents = await loadEvents(r.h.t.db, fork.runId);
    const cmp = compareTraces(events, forkEvents);
    expect(cmp.rows.slice(0, cmp.firstDivergence!.row).every((row) => row.kind === 'same')).toBe(true);
    const backupCall = events.find(
      (e) =>
        e.type === 'tool.call' &&
        e.seq > atStep!.seq &&
        e.data.toolName === 'payment_authorize' &&
        JSON.stringify(e.data.input).includes('pm_grace_mc'),
    )!;
    expect(cmp.firstDivergence).toMatchObject({ row: backupCall.seq, seqA: null, seqB: backupCall.seq + 1 });
    expect(forkEvents.find((e) => e.seq === backupCall.seq + 1)).toMatchObject({
      type: 'fault.injected',
      data: { kind: 'decline', operation: 'authorize' },
    });
    expect(fork.status).toBe('failed');
    const child = await r.h.t.db.run.findUniqueOrThrow({ where: { id: fork.runId } });
    expect(child).toMatchObject({ parentRunId: run.runId, forkedAtSeq: atStep!.seq });
  });

  it('editing one model reply at step N makes the fork diverge exactly at N', async () => {
    const [run] = await r.h.order({ customerId: 'cus_ada' });
    const events = await loadEvents(r.h.t.db, run.runId);
    const step = events.filter((e) => e.type === 'model.step' && e.agent === 'CheckoutAgent')[2];
    const fork = await replayRun(r.deps, run.runId, { atSeq: step.seq, editReply: { text: 'I give up.' } });
    expect(fork.comparison.firstDivergence).toMatchObject({ seqA: step.seq, seqB: step.seq });
    const forkEvents = await loadEvents(r.h.t.db, fork.runId);
    expect(forkEvents.find((e) => e.seq === step.seq)).toMatchObject({
      type: 'model.step',
      data: { text: 'I give up.' },
    });
  });

  it('editing one tool result serves it instead of running the tool, and the agents re-plan from it', async () => {
    const [run] = await r.h.order({ customerId: 'cus_ada' });
    const events = await loadEvents(r.h.t.db, run.runId);
    const authorize = events.find((e) => e.type === 'tool.result' && e.data.toolName === 'payment_authorize')!;
    const declined = { ok: false, error: { code: 'card_declined', message: 'Declined (edited).', retryable: false } };
    const fork = await replayRun(r.deps, run.runId, { atSeq: authorize.seq, editToolResult: declined });
    expect(fork.comparison.firstDivergence?.seqA).toBe(authorize.seq);
    // Ada's only card now "declined": the agents ask her for a new card, which arrives, and the order goes through.
    const forkEvents = await loadEvents(r.h.t.db, fork.runId);
    expect(
      forkEvents.some(
        (e) =>
          e.type === 'message.sent' &&
          e.data.direction === 'request' &&
          JSON.stringify(e.data.data).includes('request_new_card'),
      ),
    ).toBe(true);
    expect(fork.status).toBe('succeeded');
  });

  it('rejects a fork point that is not a model step or tool result', async () => {
    const [run] = await r.h.order({ customerId: 'cus_ada' });
    await expect(replayRun(r.deps, run.runId, { atSeq: 1 })).rejects.toMatchObject({ field: 'atSeq' });
    await expect(replayRun(r.deps, 'nope')).rejects.toMatchObject({ field: 'id' });
  });
});
