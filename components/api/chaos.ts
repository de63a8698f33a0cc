import { z } from 'zod';
import { BATCH_OUTCOME_KINDS } from '@/lib/chaos/batch-outcome';
import { requestJson } from './http';
import { placedRunSchema, type CheckoutMode } from './orders';

export const batchStatusSchema = z.object({
  batchId: z.string(),
  total: z.number(),
  finished: z.number(),
  succeeded: z.number(),
  failed: z.number(),
  elapsedMs: z.number(),
  runs: z.array(
    z.object({
      runId: z.string(),
      mode: z.string(),
      status: z.string(),
      outcome: z.string().nullish(),
      outcomeKind: z.enum(BATCH_OUTCOME_KINDS),
      customerId: z.string().nullish(),
    }),
  ),
});
export type BatchStatus = z.infer<typeof batchStatusSchema>;

export interface StartBatchInput {
  orders: number;
  seed?: number;
  preset?: string;
  mode: CheckoutMode;
}

export async function startBatch(input: StartBatchInput): Promise<{ batchId: string }> {
  return requestJson('/api/chaos/batches', z.object({ batchId: z.string(), runs: z.array(placedRunSchema) }), {
    method: 'POST',
    json: input,
  });
}

export const fetchBatch = (batchId: string): Promise<BatchStatus> =>
  requestJson(`/api/chaos/batches/${encodeURIComponent(batchId)}`, batchStatusSchema);
