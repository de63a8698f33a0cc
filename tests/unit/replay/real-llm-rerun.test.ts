import { describe, expect, it } from 'vitest';
import { modelsFromEnv } from '@/lib/checkout/app-services';
import { replayRun } from '@/lib/replay/replay-run';
import { loadEvents } from '@/lib/trace/event-log';
import { plannerBrain, startFakeModelServer } from '../../support/fake-llm';
import { withReplayHarness } from '../../support/replay-harness';

const r = withReplayHarness();

describe('re-running a real-LLM run', () => {
  it('serves every model call from the recorded replies: identical trace, and no request reaches the provider', async () => {
    const server = await startFakeModelServer({ brain: plannerBrain('fake-gpt') });
    const env = { OPENAI_COMPATIBLE_BASE_URL: server.url, AI_MODEL: 'fake-gpt' };
    r.h.rt.modelFor = modelsFromEnv(env);
    r.h.rt.modelLabel = () => 'openai-compatible:fake-gpt';
    let run: Awaited<ReturnType<typeof r.h.order>>[number];
    try {
      [run] = await r.h.order({ customerId: 'cus_grace' });
    } finally {
      await server.close();
    }
    const requests = server.requests.length;
    expect(requests).toBeGreaterThan(10);
    expect(run.status).toBe('succeeded');

    // The provider is still configured for the live part of a fork, but it is gone: any call to it would fail the run.
    const rerun = await replayRun({ ...r.deps, liveModels: modelsFromEnv(env) }, run.runId);
    expect(rerun.comparison).toMatchObject({ identical: true, firstDivergence: null });
    expect(rerun.status).toBe('succeeded');
    expect(server.requests.length).toBe(requests);
    const steps = (await loadEvents(r.h.t.db, rerun.runId)).filter((e) => e.type === 'model.step');
    expect(steps).toHaveLength(requests);
    expect(steps.every((s) => s.type === 'model.step' && s.data.model === 'openai-compatible:fake-gpt')).toBe(true);
  });
});
