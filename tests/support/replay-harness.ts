import { afterEach, beforeEach } from 'vitest';
import type { ReplayDeps } from '@/lib/replay/replay-run';
import { TraceRecorder } from '@/lib/trace/recorder';
import { createCheckoutHarness, type Harness } from './checkout-harness';

/**
 * For replay tests: a fresh checkout harness per test, and replay dependencies on its store
 * (recorders stamping with the sandbox clock). Read `.h` and `.deps` inside tests.
 */
export function withReplayHarness(): { readonly h: Harness; readonly deps: ReplayDeps } {
  const state = {} as { h: Harness; deps: ReplayDeps };
  beforeEach(async () => {
    const h = await createCheckoutHarness();
    state.h = h;
    state.deps = { db: h.t.db, recorderFor: (clock) => new TraceRecorder({ db: h.t.db, bus: h.bus, clock }) };
  });
  afterEach(async () => state.h.dispose());
  return state;
}
