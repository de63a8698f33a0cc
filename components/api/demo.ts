import type { Pace } from '@/lib/runtime/pace';
import { demoResetSchema, type DemoReset } from '@/lib/wire/demo';
import { runPaceSchema, type RunPace } from '@/lib/wire/runs';
import { requestJson } from './http';

export type { DemoReset } from '@/lib/wire/demo';
export type { RunPace as RunPaceAnswer } from '@/lib/wire/runs';

/** POST /api/demo/reset: products, stock, customers and cards back to the seed (409 while a run is going on). */
export function resetDemoStore(): Promise<DemoReset> {
  return requestJson('/api/demo/reset', demoResetSchema, { method: 'POST' });
}

/** GET /api/runs/:id/pace: the pace of a run going on now (pace null once it has ended). */
export function fetchRunPace(runId: string): Promise<RunPace> {
  return requestJson(`/api/runs/${encodeURIComponent(runId)}/pace`, runPaceSchema);
}

/** POST /api/runs/:id/pace: the rest of a running run at this pace (409 once it has ended). */
export function changeRunPace(runId: string, pace: Pace): Promise<RunPace> {
  return requestJson(`/api/runs/${encodeURIComponent(runId)}/pace`, runPaceSchema, {
    method: 'POST',
    json: { pace },
  });
}
