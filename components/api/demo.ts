import { z } from 'zod';
import { PACES, type Pace } from '@/lib/runtime/pace';
import { requestJson } from './http';

const resetSchema = z.object({
  products: z.number(),
  customers: z.number(),
  cards: z.number(),
  releasedReservations: z.number(),
});
export type DemoReset = z.infer<typeof resetSchema>;

/** POST /api/demo/reset: products, stock, customers and cards back to the seed (409 while a run is going on). */
export function resetDemoStore(): Promise<DemoReset> {
  return requestJson('/api/demo/reset', resetSchema, { method: 'POST' });
}

const paceAnswerSchema = z.object({ runId: z.string(), live: z.boolean(), pace: z.enum(PACES).nullable() });
export type RunPaceAnswer = z.infer<typeof paceAnswerSchema>;

/** GET /api/runs/:id/pace: the pace of a run going on now (pace null once it has ended). */
export function fetchRunPace(runId: string): Promise<RunPaceAnswer> {
  return requestJson(`/api/runs/${encodeURIComponent(runId)}/pace`, paceAnswerSchema);
}

/** POST /api/runs/:id/pace: the rest of a running run at this pace (409 once it has ended). */
export function changeRunPace(runId: string, pace: Pace): Promise<RunPaceAnswer> {
  return requestJson(`/api/runs/${encodeURIComponent(runId)}/pace`, paceAnswerSchema, {
    method: 'POST',
    json: { pace },
  });
}
