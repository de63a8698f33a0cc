import { describe, expect, it } from 'vitest';
import type { OrderRequest } from '@/lib/checkout/order-request';
import { placeOrder } from '@/lib/checkout/place-order';
import type { RunRecorder } from '@/lib/checkout/run-checkout';
import { runInProgress } from '@/lib/checkout/run-registry';
import { replayRun } from '@/lib/replay/replay-run';
import { createCheckoutHarness } from '../../support/checkout-harness';
import { normaliseTrace } from '../../support/normalise-trace';
import { withReplayHarness } from '../../support/replay-harness';

const r = withReplayHarness();

/** Every step of the live run takes this long on the wall clock: a busy machine. */
const BUSY_STEP_MS = 700;

describe('a run lives on its own time', () => {
  it('a busy machine changes neither what a run meets (the requested card at the same look) nor its re-run, which carries its timestamps', async () => {
    const { h } = r;
    const busy: RunRecorder = {
      append: (runId, event) => {
        h.clock.advance(BUSY_STEP_MS);
        return h.rt.recorder.append(runId, event);
      },
      finishRun: (runId, end) => h.rt.recorder.finishRun(runId, end),
    };
    const order: OrderRequest = {
      customerId: 'cus_linus',
      items: [{ sku: 'MS-002', quantity: 1 }],
      mode: 'agents',
      pace: 'instant',
    };
    const [placed] = await placeOrder({ ...h.rt, recorder: busy }, order);
    await runInProgress(placed.runId);
    const events = await h.events(placed.runId);
    expect(events.some((e) => e.type === 'tool.result' && JSON.stringify(e.data.output).includes('"fulfilled"'))).toBe(
      true,
    );

    // The same order on an idle machine: the same looks for the card, the same trace.
    const idle = await createCheckoutHarness();
    try {
      const [idleRun] = await idle.order(order);
      expect(normaliseTrace(await idle.events(idleRun.runId))).toBe(normaliseTrace(events));
    } finally {
      await idle.dispose();
    }

    const result = await replayRun(r.deps, placed.runId);
    expect(result.comparison).toMatchObject({ identical: true, firstDivergence: null });
    const rerun = await h.events(result.runId);
    expect(rerun.map((e) => e.ts)).toEqual(events.map((e) => e.ts));
  });
});
