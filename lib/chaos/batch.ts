import { z } from 'zod';
import type { PrismaClient } from '@/lib/db/client';
import { OrderRequestError } from '@/lib/checkout/errors';
import { restoreCustomersWhenIdle } from '@/lib/checkout/demo-store';
import { logRestoreFailure, placeOrderRuns, type PlacedRun } from '@/lib/checkout/place-order';
import { FAULT_PRESETS } from '@/lib/faults/presets';
import type { AppServices } from '@/lib/checkout/app-services';
import type { BatchProgress } from '@/lib/wire/chaos';
import { batchOutcomeKind } from './batch-outcome';
import { randomOrders } from './random-orders';

export const chaosBatchRequestSchema = z
  .object({
    orders: z
      .number()
      .int('orders must be a whole number')
      .min(1, 'orders must be at least 1')
      .max(200, 'orders must be at most 200'),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    preset: z.string().trim().min(1).max(60).optional(),
    mode: z.enum(['agents', 'orchestrator', 'both']).default('agents'),
  })
  .strict();
export type ChaosBatchRequest = z.infer<typeof chaosBatchRequestSchema>;

/**
 * "Run N chaos orders": seeded random customers and carts, under the fault rules in force (and a
 * preset's rules, if named: each order's own, the store's rules stay as they are), all started at
 * once and tagged with one batch id; instant (no pace). `done` settles once the customers are put back.
 */
export async function startChaosBatch(
  rt: AppServices,
  request: ChaosBatchRequest,
): Promise<{ batchId: string; runs: PlacedRun[]; done: Promise<void> }> {
  const batchId = rt.ids?.('batch') ?? `batch_${Date.now().toString(36)}_${request.seed}`;
  if (request.preset && !FAULT_PRESETS.some((preset) => preset.id === request.preset)) {
    throw new OrderRequestError('preset', `No fault preset named "${request.preset}".`);
  }
  const orders = await randomOrders(rt.db, request.seed, request.orders);
  const runs: PlacedRun[] = [];
  const done: Promise<void>[] = [];
  for (const [i, order] of orders.entries()) {
    const placed = await placeOrderRuns(rt, {
      ...order,
      mode: request.mode,
      seed: request.seed + i,
      batchId,
      faultPreset: request.preset,
    });
    runs.push(...placed.placed);
    done.push(placed.done);
  }
  // Once the batch is over its customers are put back as seeded: a batch must not change what the demo customers are.
  const restored = Promise.all(done)
    .then(() =>
      restoreCustomersWhenIdle(
        rt.db,
        orders.map((o) => o.customerId),
      ),
    )
    .catch(logRestoreFailure);
  return { batchId, runs, done: restored };
}

/** GET /api/chaos/batches/:id's answer (lib/wire/chaos.ts). */
export type { BatchProgress } from '@/lib/wire/chaos';

export async function batchProgress(db: PrismaClient, batchId: string): Promise<BatchProgress | null> {
  const runs = await db.run.findMany({
    where: { batchId },
    orderBy: { startedAt: 'asc' },
    select: {
      id: true,
      orderId: true,
      mode: true,
      status: true,
      outcome: true,
      customerId: true,
      startedAt: true,
      finishedAt: true,
      order: { select: { status: true, needsReview: true } },
    },
  });
  if (runs.length === 0) return null;
  const running = runs.some((r) => r.status === 'running');
  // A finished batch's time is frozen at its last run's end, so its figure does not grow while someone looks at it.
  const endedAt = running ? Date.now() : Math.max(...runs.map((r) => (r.finishedAt ?? r.startedAt).getTime()));
  const count = (status: string) => runs.filter((r) => r.status === status).length;
  return {
    batchId,
    total: runs.length,
    finished: runs.filter((r) => r.status !== 'running').length,
    succeeded: count('succeeded'),
    failed: count('failed') + count('interrupted'),
    elapsedMs: Math.max(0, endedAt - runs[0].startedAt.getTime()),
    runs: runs.map((r) => ({
      runId: r.id,
      orderId: r.orderId,
      mode: r.mode,
      status: r.status,
      outcome: r.outcome,
      outcomeKind: batchOutcomeKind(r.status, r.order),
      customerId: r.customerId,
    })),
  };
}
