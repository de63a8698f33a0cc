import { batchProgressSchema, batchStartedSchema, type BatchProgress, type BatchStarted } from '@/lib/wire/chaos';
import { requestJson } from './http';
import type { CheckoutMode } from './orders';

export type { BatchProgress as BatchStatus } from '@/lib/wire/chaos';

export interface StartBatchInput {
  orders: number;
  seed?: number;
  preset?: string;
  mode: CheckoutMode;
}

export async function startBatch(input: StartBatchInput): Promise<BatchStarted> {
  return requestJson('/api/chaos/batches', batchStartedSchema, { method: 'POST', json: input });
}

export const fetchBatch = (batchId: string): Promise<BatchProgress> =>
  requestJson(`/api/chaos/batches/${encodeURIComponent(batchId)}`, batchProgressSchema);
