import { describe, expect, it } from 'vitest';
import { replayRun } from '@/lib/replay/replay-run';
import { createFaultRule } from '@/lib/faults/rules';
import { withReplayHarness } from '../../support/replay-harness';

const ctx = withReplayHarness();

/** The next capture reply and the status check both show a wrong amount, and every refund fails: the agents leave money taken. */
const MONEY_LEFT_TAKEN = [
  ...['status', 'capture'].map((operation) => ({
    name: 'wrong amount',
    service: 'payment',
    operation,
    kind: 'corrupted_reply',
    trigger: 'next_n',
    remainingCalls: 1,
  })),
  { name: 'refunds fail', service: 'payment', operation: 'refund', kind: 'server_error' },
];

describe('a run the harness settled', () => {
  it('re-runs identical, settlement included (ids from the run, time from its clock), and cannot be forked at a settlement step', async () => {
    const { h, deps } = ctx;
    for (const rule of MONEY_LEFT_TAKEN) expect((await createFaultRule(h.t.db, rule)).ok).toBe(true);
    const [run] = await h.order({ customerId: 'cus_ada', mode: 'agents' });
    const parent = await h.events(run.runId);
    const refund = parent.find((e) => e.type === 'tool.result' && e.agent === 'Settlement');
    expect(refund).toMatchObject({ data: { toolName: 'payment.refund', status: 'ok' } });

    const rerun = await replayRun(deps, run.runId);
    expect(rerun.comparison.firstDivergence).toBeNull();
    expect(rerun.comparison.identical).toBe(true);
    const child = await h.events(rerun.runId);
    expect(child.filter((e) => e.agent === 'Settlement').map((e) => e.type)).toEqual([
      'settlement.started',
      'tool.call',
      'tool.result',
      'settlement.finished',
    ]);
    // The live store is untouched by the re-run: one refund, the parent's.
    expect(
      await h.t.db.payment.count({ where: { orderId: run.order.orderId, kind: 'refund', status: 'succeeded' } }),
    ).toBe(1);

    await expect(replayRun(deps, run.runId, { atSeq: refund!.seq, editToolResult: { ok: false } })).rejects.toThrow(
      /harness's settlement/,
    );
  });
});
