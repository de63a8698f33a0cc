import { describe, expect, it } from 'vitest';
import { placeOrder } from '@/lib/checkout/place-order';
import type { RunRecorder } from '@/lib/checkout/run-checkout';
import { runInProgress } from '@/lib/checkout/start-run';
import { replayRun } from '@/lib/replay/replay-run';
import { withReplayHarness } from '../../support/replay-harness';

const r = withReplayHarness();

/** Every step of the live run takes this long on the wall clock: a busy machine. */
const BUSY_STEP_MS = 700;

describe('a re-run follows the time its parent recorded', () => {
  it('a live run on a busy machine (the requested card there at an earlier look) re-runs identical', async () => {
    const { h } = r;
    const busy: RunRecorder = {
      append: (runId, event) => {
        h.clock.advance(BUSY_STEP_MS);
        return h.rt.recorder.append(runId, event);
      },
      finishRun: (runId, end) => h.rt.recorder.finishRun(runId, end),
    };
    const [placed] = await placeOrder({ ...h.rt, recorder: busy }, { customerId: 'cus_linus', items: [{ sku: 'MS-002', quantity: 1 }], mode: 'agents' });
    await runInProgress(placed.runId);
    const events = await h.events(placed.runId);
    const checks = events.filter((e) => e.type === 'tool.call' && e.data.toolName === 'customer_check_card_request');

    expect(checks.length).toBeGreaterThan(0);
    // The card arrived while the machine was busy, with fewer looks than the waits alone would need.
    expect(events.some((e) => e.type === 'tool.result' && JSON.stringify(e.data.output).includes('"fulfilled"'))).toBe(true);

    const result = await replayRun(r.deps, placed.runId);
    expect(result.comparison).toMatchObject({ identical: true, firstDivergence: null });
    const rerun = await h.events(result.runId);
    expect(rerun.map((e) => e.ts)).toEqual(events.map((e) => e.ts));
  });
});
