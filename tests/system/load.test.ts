import { afterAll, describe, expect, it } from 'vitest';
import { randomFaultSchedule } from '@/lib/chaos/random-fault-rules';
import { auditStore } from '@/lib/chaos/invariants';
import { randomOrders } from '@/lib/chaos/random-orders';
import type { PrismaClient } from '@/lib/db/client';
import { serverForSuite } from '../support/system/app-server';
import { followRun, streamProblem, type FollowedRun } from '../support/system/follow-run';
import { postJson } from '../support/system/http';
import { inPool } from '../support/system/pool';
import { eventLogs, openStore, seqGaps } from '../support/system/store-reader';

/**
 * 500 orders against the real server, 25 customers at a time, each placing its order and following
 * the run over SSE to its end, under a seeded random fault schedule created through the API. Prints
 * orders/s and errors; asserts no lost event, no unanswered stream and no broken business
 * invariant in the database. (LOAD_ORDERS / LOAD_SEED to change; timings are printed, never asserted.)
 */

const ORDERS = Number(process.env.LOAD_ORDERS ?? 500);
const SEED = Number(process.env.LOAD_SEED ?? 11);
const IN_FLIGHT = 25;
const STREAM_TIMEOUT_MS = 120_000;

const suite = serverForSuite();
let store: PrismaClient | undefined;
afterAll(async () => store?.$disconnect());

interface Placed {
  status: number;
  followed?: FollowedRun;
}

describe('load', () => {
  it(`places ${ORDERS} orders under random faults while SSE clients follow them`, async () => {
    const { app, database } = suite;
    store = await openStore(database.url);
    const schedule = randomFaultSchedule(SEED, { maxRules: 4 });
    for (const { id: _id, hitCount: _h, evalCount: _e, createdAt: _c, updatedAt: _u, ...rule } of schedule) {
      expect((await postJson(`${app.url}/api/faults`, rule)).status).toBe(201);
    }
    const orders = await randomOrders(store, SEED, ORDERS);

    const started = performance.now();
    const placed = await inPool(orders, IN_FLIGHT, async (order, i): Promise<Placed> => {
      const reply = await postJson(`${app.url}/api/orders`, { ...order, mode: 'agents', seed: SEED + i });
      if (reply.status !== 201) return { status: reply.status };
      const [{ runId }] = (reply.body as { runs: { runId: string }[] }).runs;
      return { status: reply.status, followed: await followRun(app.url, runId, STREAM_TIMEOUT_MS) };
    });
    const seconds = (performance.now() - started) / 1000;

    const followed = placed.flatMap((p) => (p.followed ? [p.followed] : []));
    const refused = placed.filter((p) => p.status !== 201);
    const unanswered = followed.filter((f) => f.end === null);
    const broken = followed.flatMap((f) => (streamProblem(f) ? [`${f.runId}: ${streamProblem(f)}`] : []));
    const logs = await eventLogs(store);
    // The end frame goes out when run.finished is committed; the Run row's summary is written just after it.
    const runs = await settledRuns(store);
    const lost = followed.filter((f) => (logs.get(f.runId)?.length ?? 0) !== f.seqs.length).map((f) => f.runId);
    const audit = await auditStore(store);
    const rules = (
      await store.faultRule.findMany({ select: { kind: true, service: true, operation: true, hitCount: true } })
    )
      .map((r) => `${r.kind}@${r.service}.${r.operation}×${r.hitCount}`)
      .join(', ');

    const count = (status: string) => runs.filter((r) => r.status === status).length;
    const events = [...logs.values()].reduce((sum, log) => sum + log.length, 0);
    console.log(
      `[load] ${ORDERS} orders, ${IN_FLIGHT} in flight, seed ${SEED}: ${seconds.toFixed(1)} s, ${(ORDERS / seconds).toFixed(1)} orders/s, ${(events / seconds).toFixed(0)} events/s streamed`,
    );
    console.log(
      `[load] runs: ${count('succeeded')} succeeded, ${count('failed')} failed, ${runs.length - count('succeeded') - count('failed')} other; faults fired: ${rules}`,
    );
    console.log(
      `[load] errors: ${refused.length} refused orders, ${unanswered.length} unanswered streams, ${broken.length} broken streams, ${lost.length} runs with lost events, ${audit.violations.length} invariant violations over ${audit.ordersChecked} orders`,
    );

    expect(refused.map((p) => p.status)).toEqual([]);
    expect(unanswered.map((f) => `${f.runId}: ${f.error ?? 'no end frame'}`)).toEqual([]);
    expect(broken).toEqual([]);
    expect(lost).toEqual([]);
    expect(seqGaps(logs)).toEqual([]);
    expect(runs).toHaveLength(ORDERS);
    expect(runs.filter((r) => r.status !== 'succeeded' && r.status !== 'failed')).toEqual([]);
    expect([...logs].filter(([, log]) => log.at(-1)?.type !== 'run.finished').map(([runId]) => runId)).toEqual([]);
    // Negative stock, double captures, labels without a capture, anything held or charged for a failed order.
    expect(audit.violations).toEqual([]);
    expect(audit.ordersChecked).toBe(ORDERS);
  });
});

async function settledRuns(db: PrismaClient): Promise<{ id: string; status: string }[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const runs = await db.run.findMany({ select: { id: true, status: true } });
    if (runs.every((r) => r.status !== 'running') || Date.now() > deadline) return runs;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
