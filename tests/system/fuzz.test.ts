import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { APP_DIR, serverForSuite } from '../support/system/app-server';
import { fuzzRequests, type FuzzRequest } from '../support/system/fuzz-requests';
import { call, rawCall, type JsonReply } from '../support/system/http';
import { inPool } from '../support/system/pool';
import { builtRoutes, placeOrder, waitForRunEnd } from '../support/system/runs';

/**
 * At least 10,000 hostile requests (seeded; FUZZ_REQUESTS and FUZZ_SEED to change) spread over every
 * route the build serves and every method, 16 in flight, against the real server: not one answer
 * may be 5xx, every JSON refusal keeps the one error shape (a 400 names a field), and afterwards the
 * server is healthy and a real order still goes through.
 */

const COUNT = Math.max(10_000, Number(process.env.FUZZ_REQUESTS ?? 0));
const SEED = Number(process.env.FUZZ_SEED ?? 9);
const IN_FLIGHT = 16;
const ORDER = { customerId: 'cus_ada', items: [{ sku: 'LP-009', quantity: 1 }], mode: 'agents' };

interface Outcome {
  request: FuzzRequest;
  status?: number;
  /** A JSON refusal not in the one error shape, or a 400 naming no field. */
  badShape?: string;
  error?: string;
}

const suite = serverForSuite();

describe('fuzz: malformed, oversized and wrongly typed requests', () => {
  it(`answers ${COUNT} of them without a 5xx and keeps serving`, async () => {
    const { app } = suite;
    const [real] = await placeOrder(app.url, ORDER);
    await waitForRunEnd(app.url, real.runId);
    const routes = builtRoutes(APP_DIR);
    const requests = fuzzRequests(SEED, COUNT, { routes, realIds: [real.runId, real.orderId] });

    const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const started = performance.now();
    const outcomes = await inPool(requests, IN_FLIGHT, async (request): Promise<Outcome> => {
      try {
        const reply = await rawCall(`${app.url}${request.path}`, { ...request, agent });
        return { request, status: reply.status, badShape: shapeProblem(reply) };
      } catch (error) {
        return { request, error: (error as NodeJS.ErrnoException).code ?? String(error) };
      }
    });
    const seconds = (performance.now() - started) / 1000;
    agent.destroy();

    report(routes, outcomes, seconds);
    const list = (items: Outcome[]) =>
      items.slice(0, 20).map((o) => `${o.status ?? o.error} ${o.badShape ?? ''} ${o.request.label.slice(0, 300)}`);
    expect(list(outcomes.filter((o) => (o.status ?? 0) >= 500))).toEqual([]);
    expect(list(outcomes.filter((o) => o.badShape))).toEqual([]);
    // A refused oversized body may be cut off mid-upload (the server stops reading at the limit); nothing else may fail to answer.
    expect(
      list(outcomes.filter((o) => o.error && !(isOversized(o.request) && ['EPIPE', 'ECONNRESET'].includes(o.error)))),
    ).toEqual([]);
    expect(outcomes.filter((o) => o.status !== undefined).length).toBeGreaterThanOrEqual(COUNT * 0.95);

    expect((await call(`${app.url}/api/health`)).status).toBe(200);
    expect((await call(`${app.url}/api/faults`, { method: 'DELETE' })).status).toBe(200);
    const [after] = await placeOrder(app.url, ORDER);
    expect(await waitForRunEnd(app.url, after.runId)).toBe('succeeded');
  });
});

function shapeProblem(reply: JsonReply): string | undefined {
  if (reply.status < 400 || typeof reply.body !== 'object' || reply.body === null) return undefined;
  const error = (reply.body as { error?: { code?: unknown; message?: unknown; fields?: unknown } }).error;
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string' || !Array.isArray(error.fields))
    return `shape: ${JSON.stringify(reply.body).slice(0, 200)}`;
  if (reply.status === 400 && error.fields.length === 0) return `400 naming no field: ${error.message}`;
  return undefined;
}

function isOversized(request: FuzzRequest): boolean {
  return request.body !== undefined && Buffer.byteLength(request.body) > 64 * 1024;
}

function report(routes: string[], outcomes: Outcome[], seconds: number): void {
  const byStatus = new Map<string, { count: number; example: string }>();
  for (const o of outcomes) {
    const key = String(o.status ?? o.error);
    const seen = byStatus.get(key);
    byStatus.set(key, { count: (seen?.count ?? 0) + 1, example: seen?.example ?? o.request.label.slice(0, 100) });
  }
  const statuses = [...byStatus]
    .sort()
    .map(([s, { count }]) => `${s}: ${count}`)
    .join(', ');
  console.log(
    `[fuzz] ${outcomes.length} requests over ${routes.length} routes (+3 unknown) in ${seconds.toFixed(1)} s (${(outcomes.length / seconds).toFixed(0)} req/s, ${IN_FLIGHT} in flight, seed ${SEED})`,
  );
  console.log(`[fuzz] answers: ${statuses}`);
  for (const [status, { example }] of [...byStatus].sort()) console.log(`[fuzz]   e.g. ${status} ← ${example}`);
}
