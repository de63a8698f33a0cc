import { afterAll, describe, expect, it } from 'vitest';
import { assessOrder, type FinalOrderState } from '@/lib/checkout/settle-order';
import type { PrismaClient } from '@/lib/db/client';
import { startAppServer, throwawayDatabase, type AppServer } from '../support/system/app-server';
import { call, postJson } from '../support/system/http';
import { followRun, type FollowedRun } from '../support/system/follow-run';
import { placeOrder, waitForRunEnd } from '../support/system/runs';
import { eventLogs, openStore, runStatuses, seqGaps, type LoggedEvent } from '../support/system/store-reader';

/**
 * kill -9 in the middle of a chaos batch, then a restart on the same database file: the runs that
 * were in progress end as 'interrupted' with a final run.interrupted event, nothing committed is
 * lost or changed, and their orders hold no stock and no open authorization unless flagged for review.
 */

/** Long stalls in the services, so that runs are caught at every stage: before reserving, holding an authorization, paid. */
const STALLS = [
  {
    name: 'stall reserve',
    service: 'inventory',
    operation: 'reserve',
    kind: 'latency',
    trigger: 'probability',
    probability: 0.25,
    seed: 3,
    params: { latencyMs: 60_000 },
  },
  {
    name: 'stall capture',
    service: 'payment',
    operation: 'capture',
    kind: 'latency',
    trigger: 'probability',
    probability: 0.5,
    seed: 7,
    params: { latencyMs: 60_000 },
  },
  {
    name: 'stall label',
    service: 'shipping',
    operation: 'createLabel',
    kind: 'latency',
    params: { latencyMs: 60_000 },
  },
];
const BATCH = { orders: 12, seed: 5, mode: 'both' };
/**
 * These tests hold the settle path to its guarantees (RUN_RECOVERY=settle: what resuming falls back
 * to, and what it does for a run already settling); resuming is tested at the end of this file.
 */
const SETTLE = { RUN_RECOVERY: 'settle' };

const database = throwawayDatabase();
const busyDatabase = throwawayDatabase();
let server: AppServer | undefined;
let store: PrismaClient | undefined;
afterAll(async () => {
  await server?.stop();
  await store?.$disconnect();
  database.dispose();
  busyDatabase.dispose();
});

/** Slow enough that runs are still writing when the kill comes, fast enough that they are busy. */
const SLOW_CALLS = [
  { name: 'slow authorize', service: 'payment', operation: 'authorize', kind: 'latency', params: { latencyMs: 150 } },
  { name: 'slow capture', service: 'payment', operation: 'capture', kind: 'latency', params: { latencyMs: 150 } },
  { name: 'slow label', service: 'shipping', operation: 'createLabel', kind: 'latency', params: { latencyMs: 150 } },
];
const BUSY_ORDERS = 12;
const SKUS = ['KB-001', 'MS-002', 'CB-010', 'ST-013'];

describe('crash safety', () => {
  it('marks the runs a SIGKILL interrupted, keeps every committed event and gives back what their orders held', async () => {
    server = await startAppServer({ database, env: SETTLE });
    store = await openStore(database.url);
    for (const rule of STALLS) expect((await postJson(`${server.url}/api/faults`, rule)).status).toBe(201);
    const batch = await postJson(`${server.url}/api/chaos/batches`, BATCH);
    expect(batch.status).toBe(201);
    const { batchId } = batch.body as { batchId: string };

    await untilSettled(store, batchId);
    const before = await runStatuses(store, { batchId });
    const logsBefore = await eventLogs(store);
    const running = [...before].filter(([, run]) => run.status === 'running').map(([id]) => id);
    const ordersBefore = await orderStates(
      store,
      running.map((id) => before.get(id)?.orderId),
    );
    await server.kill();
    console.log(
      `[crash] killed with ${running.length} of ${before.size} runs in progress: ${describeOrders(ordersBefore)}`,
    );
    // The kill has to catch runs at the interesting points, or this test proves nothing.
    expect(running.length).toBeGreaterThanOrEqual(3);
    expect(ordersBefore.some((o) => o.heldReservations > 0)).toBe(true);
    expect(ordersBefore.some((o) => o.openAuthorizations > 0 && o.capturedCents === 0)).toBe(true);

    server = await startAppServer({ database, env: SETTLE });
    await untilNoneRunning(store);
    const after = await runStatuses(store, { batchId });
    const logsAfter = await eventLogs(store);

    for (const runId of running) {
      expect(after.get(runId)?.status, runId).toBe('interrupted');
      const events = logsAfter.get(runId) ?? [];
      expect(events.at(-1)?.type, runId).toBe('run.interrupted');
      expect(events.filter((e) => e.type === 'run.interrupted')).toHaveLength(1);
    }
    for (const [runId, run] of before) if (run.status !== 'running') expect(after.get(runId)?.status).toBe(run.status);
    expect(seqGaps(logsAfter)).toEqual([]);
    expect(lostOrChanged(logsBefore, logsAfter)).toEqual([]);

    const ordersAfter = await orderStates(
      store,
      running.map((id) => after.get(id)?.orderId),
    );
    console.log(`[crash] after restart: ${describeOrders(ordersAfter)}`);
    const flags = new Map(
      (
        await store.order.findMany({
          where: { id: { in: ordersAfter.map((o) => o.orderId) } },
          select: { id: true, needsReview: true },
        })
      ).map((o) => [o.id, o.needsReview]),
    );
    for (const order of ordersAfter) {
      const flagged = flags.get(order.orderId) === true;
      expect(order.heldReservations === 0 || flagged, `${order.orderId} still holds stock`).toBe(true);
      expect(order.openAuthorizations === 0 || flagged, `${order.orderId} left an authorization open`).toBe(true);
      // A paid order that was not placed is refunded at start-up (or flagged when the refund fails).
      if (order.status !== 'placed')
        expect(
          order.capturedCents === order.refundedCents || flagged,
          `${order.orderId} took money, was not refunded and is not flagged`,
        ).toBe(true);
    }
    // What a run left running was given back is in its own trace, under a settlement span.
    const settled = ordersBefore.filter(
      (o) =>
        o.status !== 'placed' &&
        (o.heldReservations > 0 || o.openAuthorizations > 0 || o.capturedCents > o.refundedCents),
    ).length;
    const settlementSpans = [...logsAfter.values()].flat().filter((e) => e.type === 'settlement.started').length;
    expect(settlementSpans).toBeGreaterThanOrEqual(settled);

    // And the restarted server works.
    expect((await call(`${server.url}/api/faults`, { method: 'DELETE' })).status).toBe(200);
    const [fresh] = await placeOrder(server.url, {
      customerId: 'cus_ada',
      items: [{ sku: 'LP-009', quantity: 1 }],
      mode: 'agents',
    });
    expect(await waitForRunEnd(server.url, fresh.runId)).toBe('succeeded');
  });
});

describe('crash safety while writing', () => {
  it('a SIGKILL while runs are writing loses no event that any live client was shown', async () => {
    server = await startAppServer({ database: busyDatabase, env: SETTLE });
    const busyStore = await openStore(busyDatabase.url);
    try {
      for (const rule of SLOW_CALLS) expect((await postJson(`${server.url}/api/faults`, rule)).status).toBe(201);
      const baseUrl = server.url;
      const followers: Promise<FollowedRun>[] = [];
      const placed = await Promise.all(
        Array.from({ length: BUSY_ORDERS }, async (_, i) => {
          const runs = await placeOrder(baseUrl, {
            customerId: 'cus_ada',
            items: [{ sku: SKUS[i % SKUS.length], quantity: 1 }],
            mode: i % 2 ? 'orchestrator' : 'agents',
          });
          for (const run of runs) followers.push(followRun(baseUrl, run.runId, 60_000, { keepEvents: true }));
          return runs;
        }),
      );
      // Kill in the middle of a burst: events committed in the last moment, and more on the way.
      await untilWriting(busyStore, 150);
      await server.kill();
      const seen = await Promise.all(followers);
      const shown = seen.reduce((n, run) => n + run.events.length, 0);
      console.log(
        `[crash] killed while writing: ${placed.flat().length} runs, ${shown} events shown to live clients, ${seen.filter((r) => r.end).length} streams had ended`,
      );
      expect(seen.some((run) => run.end === null)).toBe(true);

      server = await startAppServer({ database: busyDatabase, env: SETTLE });
      await untilNoneRunning(busyStore);
      const logs = await eventLogs(busyStore);
      expect(seqGaps(logs)).toEqual([]);
      const missing: string[] = [];
      for (const run of seen) {
        const stored = new Map((logs.get(run.runId) ?? []).map((event) => [event.seq, event]));
        for (const event of run.events) {
          const row = stored.get(event.seq);
          if (!row || row.type !== event.type || JSON.stringify(JSON.parse(row.payload)) !== JSON.stringify(event.data))
            missing.push(`${run.runId} seq ${event.seq} (${event.type})`);
        }
        // Every run the kill cut short ends, after the restart, with exactly one run.interrupted.
        const last = logs.get(run.runId)?.at(-1);
        if (run.end === null) expect(['run.interrupted', 'run.finished']).toContain(last?.type);
      }
      expect(missing).toEqual([]);
    } finally {
      await busyStore.$disconnect();
    }
  });
});

describe('crash safety during recovery', () => {
  const recoveryDatabase = throwawayDatabase();
  afterAll(() => recoveryDatabase.dispose());

  it('a SIGKILL in the middle of start-up recovery, twice: the third start finishes the job', async () => {
    server = await startAppServer({ database: recoveryDatabase, env: SETTLE });
    const db = await openStore(recoveryDatabase.url);
    try {
      for (const rule of STALLS) expect((await postJson(`${server.url}/api/faults`, rule)).status).toBe(201);
      const batch = await postJson(`${server.url}/api/chaos/batches`, RECOVERY_BATCH);
      expect(batch.status).toBe(201);
      const { batchId } = batch.body as { batchId: string };
      await untilSettled(db, batchId);
      await server.kill();
      const cut = [...(await runStatuses(db, { batchId }))]
        .filter(([, run]) => run.status === 'running')
        .map(([id]) => id);
      const held = await leftovers(db);
      console.log(`[crash-in-recovery] killed with ${cut.length} runs in progress; ${describeLeftovers(held)}`);
      expect(cut.length).toBeGreaterThanOrEqual(6);
      expect(held.holdingStock).toBeGreaterThan(0);
      expect(held.openAuthorizations).toBeGreaterThan(0);

      // Twice: start with a slow recovery (RECOVERY_DELAY_MS_PER_ORDER), and kill it once it has done a little.
      for (const attempt of [1, 2]) {
        const before = await db.run.count({ where: { id: { in: cut }, status: 'interrupted' } });
        server = await startAppServer({
          database: recoveryDatabase,
          env: { ...SETTLE, RECOVERY_DELAY_MS_PER_ORDER: '400' },
          until: 'spawned',
        });
        const reached = await untilRecovered(db, cut, before + 2);
        await server.kill();
        const state = await leftovers(db);
        console.log(
          `[crash-in-recovery] restart ${attempt} killed with ${reached} of ${cut.length} runs recovered; ${describeLeftovers(state)}`,
        );
        // The kill landed in the middle: some runs were recovered, some not yet.
        expect(reached).toBeLessThan(cut.length);
      }

      server = await startAppServer({ database: recoveryDatabase, env: SETTLE });
      await untilNoneRunning(db);
      const after = await leftovers(db);
      console.log(`[crash-in-recovery] third start: ${describeLeftovers(after)}`);
      expect(after).toMatchObject({
        runsRunning: 0,
        holdingStock: 0,
        openAuthorizations: 0,
        pendingOrders: 0,
        unrefundedNotFlagged: 0,
      });
      expect(await db.product.aggregate({ _sum: { reserved: true } })).toEqual({ _sum: { reserved: 0 } });
      const logs = await eventLogs(db, cut);
      expect(seqGaps(logs)).toEqual([]);
      for (const runId of cut) {
        const events = logs.get(runId) ?? [];
        expect(events.at(-1)?.type, runId).toBe('run.interrupted');
        expect(events.filter((e) => e.type === 'run.interrupted')).toHaveLength(1);
      }
      // Settled once: no authorization voided twice, no capture refunded beyond what it took.
      const payments = await db.payment.findMany({ where: { status: 'succeeded' } });
      const voids = payments.filter((p) => p.kind === 'void').map((p) => p.parentId);
      expect(new Set(voids).size).toBe(voids.length);
      for (const capture of payments.filter((p) => p.kind === 'capture')) {
        const refunded = payments
          .filter((p) => p.kind === 'refund' && p.parentId === capture.id)
          .reduce((sum, p) => sum + p.amountCents, 0);
        expect(refunded).toBeLessThanOrEqual(capture.amountCents);
      }
    } finally {
      await db.$disconnect();
    }
  });
});

describe('resuming after a SIGKILL', () => {
  const resumeDatabase = throwawayDatabase();
  afterAll(() => resumeDatabase.dispose());

  it('takes every run the kill cut short up again from its log: each ends normally, nothing recorded or done twice', async () => {
    server = await startAppServer({ database: resumeDatabase });
    const db = await openStore(resumeDatabase.url);
    try {
      // Slow motion keeps the runs going when the kill comes; a resumed run goes on at full speed.
      const placed = [];
      for (const customerId of ['cus_ada', 'cus_grace', 'cus_katherine'])
        placed.push(
          ...(await placeOrder(server.url, {
            customerId,
            items: [{ sku: 'KB-001', quantity: 1 }],
            mode: 'both',
            pace: 'slow_motion',
          })),
        );
      const runIds = placed.map((run) => run.runId);
      await untilEachHas(db, runIds, 6);
      const logsBefore = await eventLogs(db, runIds);
      const cut = [...(await runStatuses(db, {}))].filter(
        ([id, run]) => runIds.includes(id) && run.status === 'running',
      );
      await server.kill();
      expect(cut.length).toBeGreaterThanOrEqual(4);

      server = await startAppServer({ database: resumeDatabase });
      await untilNoneRunning(db);
      expect(server.output()).toMatch(/recovery: \d+ run\(s\) resumed from their logs/);
      const logsAfter = await eventLogs(db, runIds);
      expect(lostOrChanged(logsBefore, logsAfter)).toEqual([]);
      expect(seqGaps(logsAfter)).toEqual([]);
      for (const [runId] of cut) {
        const events = logsAfter.get(runId) ?? [];
        const types = events.map((e) => e.type);
        expect(
          types.filter((t) => t === 'run.resumed'),
          runId,
        ).toHaveLength(1);
        expect(types.at(-1), runId).toBe('run.finished');
        expect(
          types.filter((t) => t === 'run.interrupted'),
          runId,
        ).toHaveLength(0);
        // Every call answered once, none recorded twice.
        const ids = (type: string) =>
          events
            .filter((e) => e.type === type)
            .map((e) => (JSON.parse(e.payload) as { toolCallId: string }).toolCallId);
        expect(new Set(ids('tool.call')).size, runId).toBe(ids('tool.call').length);
        expect([...ids('tool.result')].sort(), runId).toEqual([...ids('tool.call')].sort());
      }
      // Nothing taken twice, nothing left held.
      const orders = await orderStates(
        db,
        placed.map((run) => run.orderId),
      );
      for (const order of orders) {
        const captures = await db.payment.count({
          where: { orderId: order.orderId, kind: 'capture', status: 'succeeded' },
        });
        expect(captures, order.orderId).toBeLessThanOrEqual(1);
        if (order.status !== 'placed') {
          expect(order.heldReservations, order.orderId).toBe(0);
          expect(order.openAuthorizations, order.orderId).toBe(0);
        }
        const confirmations = await db.notification.count({ where: { orderId: order.orderId } });
        expect(confirmations, order.orderId).toBeLessThanOrEqual(order.status === 'placed' ? 1 : 2);
      }
      console.log(
        `[resume] killed with ${cut.length} runs in progress; after the restart: ${describeOrders(orders)}; ` +
          `${orders.filter((o) => o.status === 'placed').length} placed`,
      );
    } finally {
      await db.$disconnect();
    }
  }, 240_000);
});

/** Waits until each run has at least `min` events on disk. */
async function untilEachHas(db: PrismaClient, runIds: string[], min: number): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const counts = await Promise.all(runIds.map((runId) => db.traceEvent.count({ where: { runId } })));
    if (counts.every((n) => n >= min)) return;
    if (Date.now() > deadline) throw new Error(`the runs never got going: ${counts.join(', ')} events`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const RECOVERY_BATCH = { orders: 16, seed: 9, mode: 'both' };

interface Leftovers {
  runsRunning: number;
  holdingStock: number;
  openAuthorizations: number;
  pendingOrders: number;
  unrefundedNotFlagged: number;
  flagged: number;
}

/** Orders that are not placed and still hold something, across the whole store. */
async function leftovers(db: PrismaClient): Promise<Leftovers> {
  const orders = await db.order.findMany({ select: { id: true, status: true, needsReview: true } });
  const states = await Promise.all(orders.map((o) => assessOrder(db, o.id)));
  const notPlaced = states.filter((s) => s.status !== 'placed');
  const flagged = new Set(orders.filter((o) => o.needsReview).map((o) => o.id));
  return {
    runsRunning: await db.run.count({ where: { status: 'running' } }),
    holdingStock: notPlaced.filter((s) => s.heldReservations > 0).length,
    openAuthorizations: notPlaced.filter((s) => s.openAuthorizations > 0).length,
    pendingOrders: orders.filter((o) => o.status === 'pending').length,
    unrefundedNotFlagged: notPlaced.filter((s) => s.capturedCents > s.refundedCents && !flagged.has(s.orderId)).length,
    flagged: flagged.size,
  };
}

function describeLeftovers(l: Leftovers): string {
  return `${l.runsRunning} runs running, ${l.pendingOrders} orders pending, ${l.holdingStock} holding stock, ${l.openAuthorizations} with an open authorization, ${l.unrefundedNotFlagged} with unrefunded money not flagged, ${l.flagged} flagged for review`;
}

/** Waits until at least `min` of the runs are interrupted (recovery is under way), and says how many are. */
async function untilRecovered(db: PrismaClient, runIds: string[], min: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const done = await db.run.count({ where: { id: { in: runIds }, status: 'interrupted' } });
    if (done >= min) return done;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`recovery never reached ${min} runs`);
}

/** Waits until at least `min` events are on disk and the count is still moving (runs mid-write). */
async function untilWriting(db: PrismaClient, min: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = -1;
  while (Date.now() < deadline) {
    const count = await db.traceEvent.count();
    if (count >= min && last !== -1 && count > last) return;
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the runs never got busy');
}

/** Waits until the batch's runs have stopped writing (those left are stalled in a service) for a second. */
async function untilSettled(db: PrismaClient, batchId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const count = await db.traceEvent.count({ where: { run: { batchId } } });
    if (count !== last) [last, stableSince] = [count, Date.now()];
    else if (count > 0 && Date.now() - stableSince >= 1_500) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the batch never settled');
}

async function untilNoneRunning(db: PrismaClient): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await db.run.count({ where: { status: 'running' } })) > 0) {
    if (Date.now() > deadline) throw new Error('runs still marked running after the restart');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function orderStates(db: PrismaClient, orderIds: (string | null | undefined)[]): Promise<FinalOrderState[]> {
  const ids = [...new Set(orderIds.filter((id): id is string => !!id))];
  return Promise.all(ids.map((id) => assessOrder(db, id)));
}

function describeOrders(orders: FinalOrderState[]): string {
  const count = (test: (o: FinalOrderState) => boolean) => orders.filter(test).length;
  return `${orders.length} orders, ${count((o) => o.heldReservations > 0)} holding stock, ${count((o) => o.openAuthorizations > 0)} with an open authorization, ${count((o) => o.capturedCents > 0)} paid`;
}

/** Events that were committed before the kill and are missing or different after the restart. */
function lostOrChanged(before: Map<string, LoggedEvent[]>, after: Map<string, LoggedEvent[]>): string[] {
  const problems: string[] = [];
  for (const [runId, events] of before) {
    const kept = after.get(runId) ?? [];
    events.forEach((event, i) => {
      const now = kept[i];
      if (
        !now ||
        now.id !== event.id ||
        now.seq !== event.seq ||
        now.type !== event.type ||
        now.payload !== event.payload
      ) {
        problems.push(`${runId} seq ${event.seq} (${event.type})`);
      }
    });
  }
  return problems;
}
