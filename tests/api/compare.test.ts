import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/compare/route';
import type { RunComparison } from '@/lib/history/compare-runs';
import { compareTraces } from '@/lib/replay/compare';
import { replayRun, type ReplayDeps } from '@/lib/replay/replay-run';
import { TraceRecorder } from '@/lib/trace/recorder';
import { insertStatements } from '@/lib/trace/rows';
import type { TraceEvent } from '@/lib/trace/events';
import { createCheckoutHarness, type Harness } from '../support/checkout-harness';
import { runComparisonSchema } from '@/lib/wire/compare';
import { apiErrorBodySchema, type ApiErrorBody } from '@/lib/wire/errors';

let h: Harness;
let grace: string;
let ada: string;
let rerun: string;
let fork: { runId: string; atSeq: number };
beforeAll(async () => {
  h = await createCheckoutHarness();
  process.env.DATABASE_URL = h.t.url;
  [{ runId: grace }] = await h.order({ customerId: 'cus_grace' });
  [{ runId: ada }] = await h.order({ customerId: 'cus_ada' });
  const deps: ReplayDeps = { db: h.t.db, recorderFor: (clock) => new TraceRecorder({ db: h.t.db, bus: h.bus, clock }) };
  rerun = (await replayRun(deps, grace)).runId;
  // Edit-and-continue: the CheckoutAgent's third model reply replaced, everything before served from the record.
  const atSeq = (await h.events(grace)).filter((e) => e.type === 'model.step' && e.agent === 'CheckoutAgent')[2].seq;
  const forked = await replayRun(deps, grace, { atSeq, editReply: { text: 'I give up.' } });
  fork = { runId: forked.runId, atSeq };
}, 120_000);
afterAll(async () => h.dispose());

/** A comparison the route answered: 200, its body checked against the wire schema. */
async function compare(query: string): Promise<{ status: number; body: RunComparison }> {
  const res = await GET(new Request(`http://test/api/compare?${query}`));
  expect(res.status, await res.clone().text()).toBe(200);
  return { status: res.status, body: runComparisonSchema.parse(await res.json()) };
}

/** A comparison the route refused: its status and error body. */
async function refused(query: string): Promise<{ status: number; body: ApiErrorBody }> {
  const res = await GET(new Request(`http://test/api/compare?${query}`));
  return { status: res.status, body: apiErrorBodySchema.parse(await res.json()) };
}

describe('GET /api/compare', () => {
  it('finds a re-run identical to its parent', async () => {
    const { status, body } = await compare(`a=${grace}&b=${rerun}`);
    expect(status).toBe(200);
    expect(body.comparison.identical).toBe(true);
    expect(body.comparison.firstDivergence).toBeNull();
    expect(body.comparison.rows.every((r) => r.kind === 'same')).toBe(true);
    expect(body.comparison.graph).toEqual({ added: [], removed: [], changed: [] });
    expect(body.a).toMatchObject({ run: { id: grace, customerName: 'Grace Hopper' }, truncated: false });
    expect(body.b.run).toMatchObject({ id: rerun, parentRunId: grace });
    expect(body.a.events).toBe((await h.events(grace)).length);
  });

  it('finds where a fork parts from its parent: at the chosen step', async () => {
    const { body } = await compare(`a=${grace}&b=${fork.runId}`);
    expect(body.comparison.identical).toBe(false);
    const first = body.comparison.firstDivergence!;
    expect(first).toMatchObject({ seqA: fork.atSeq, seqB: fork.atSeq });
    expect(first.fields).toContain('data.text');
    expect(body.comparison.rows.slice(0, first.row).every((r) => r.kind === 'same')).toBe(true);
    expect(body.comparison.rows[first.row].kind).not.toBe('same');
  });

  it('answers what compareTraces says about two different orders, with every row and the graph diff', async () => {
    const [ea, eb] = [await h.events(grace), await h.events(ada)];
    const expected = JSON.parse(JSON.stringify(compareTraces(ea, eb))) as ReturnType<typeof compareTraces>;
    const { body } = await compare(`a=${grace}&b=${ada}`);
    expect(body.comparison.firstDivergence).toEqual(expected.firstDivergence);
    expect(body.comparison.rows).toEqual(expected.rows);
    expect(body.comparison.graph).toEqual(expected.graph);
    expect(body.comparison).toMatchObject({ totalRows: expected.rows.length, offset: 0, nextOffset: null });
    expect(expected.graph.changed.length + expected.graph.added.length + expected.graph.removed.length).toBeGreaterThan(
      0,
    );
  });

  it('pages the aligned rows', async () => {
    const whole = (await compare(`a=${grace}&b=${ada}`)).body.comparison.rows;
    const paged: unknown[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const { body }: { body: RunComparison } = await compare(`a=${grace}&b=${ada}&offset=${offset}&limit=7`);
      expect(body.comparison.rows.length).toBeLessThanOrEqual(7);
      paged.push(...body.comparison.rows);
      offset = body.comparison.nextOffset;
    }
    expect(paged).toEqual(whole);
    expect((await compare(`a=${grace}&b=${ada}&offset=${whole.length + 5}`)).body.comparison.rows).toEqual([]);
  });

  it('compares at most 10,000 events per side, and says so', async () => {
    await h.t.db.run.create({ data: { id: 'run_big', goal: 'g', model: 'm', status: 'succeeded' } });
    const events: TraceEvent[] = Array.from({ length: 10_050 }, (_, i) => ({
      runId: 'run_big',
      seq: i + 1,
      ts: 1_000 + i,
      type: 'tool.call',
      spanId: `t${i}`,
      parentSpanId: 'run',
      agent: 'OrderService',
      data: { toolName: 'inventory_check', toolCallId: `c${i}`, input: { i } },
    }));
    await h.t.db.$transaction(
      insertStatements(
        events.map((event) => ({ event, payload: JSON.stringify(event.data) })),
        500,
      ).map((sql) => h.t.db.$executeRawUnsafe(sql)),
    );
    const { status, body } = await compare('a=run_big&b=run_big&limit=3');
    expect(status).toBe(200);
    expect(body.a).toMatchObject({ events: 10_000, truncated: true });
    expect(body.comparison).toMatchObject({ identical: true, totalRows: 10_000, nextOffset: 3 });
    expect(body.comparison.rows).toHaveLength(3);
  });

  it('answers 400 naming the field, 404 naming the run', async () => {
    const cases: [string, string[]][] = [
      ['b=x', ['a']],
      ['a=x', ['b']],
      ['a=%3Cscript%3E&b=x', ['a']],
      ['a=x&b=y&limit=0', ['limit']],
      ['a=x&b=y&limit=20001', ['limit']],
      ['a=x&b=y&offset=-1', ['offset']],
      ['a=x&b=y&c=z', ['c']],
    ];
    for (const [query, paths] of cases) {
      const { status, body } = await refused(query);
      expect(status, query).toBe(400);
      expect(
        body.error.fields.map((f) => f.path),
        query,
      ).toEqual(paths);
    }
    const missing = await GET(new Request(`http://test/api/compare?a=${grace}&b=run_nope`));
    expect(missing.status).toBe(404);
    expect(apiErrorBodySchema.parse(await missing.json()).error.message).toContain('run_nope');
  });
});
