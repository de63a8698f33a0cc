import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getRun } from '@/app/api/runs/[id]/route';
import { GET as getEventsJson } from '@/app/api/runs/[id]/events.json/route';
import { GET as getEventsNdjson } from '@/app/api/runs/[id]/events.ndjson/route';
import { getDb, type PrismaClient } from '@/lib/db/client';
import { ManualClock } from '@/lib/runtime/clock';
import { parseTraceEvent, type TraceEvent } from '@/lib/trace/events';
import { openRunLog } from '@/lib/trace/log-stream';
import { foldRunView } from '@/lib/trace/projections/run-view';
import { getRecorder } from '@/lib/trace/recorder';
import { searchIndexIdle } from '@/lib/trace/search-indexer';
import { finishRun } from '@/lib/trace/runs';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { asNew, createRun } from '../support/trace/runs';
import { sampleCheckoutRun } from '../support/trace/sample-run';
import { runDetailsSchema, runLogSchema } from '@/lib/wire/runs';

let t: TestDatabase;
let db: PrismaClient;
let recorded: TraceEvent[];

beforeAll(async () => {
  t = await createTestDatabase({ seed: false });
  process.env.DATABASE_URL = t.url;
  db = await getDb();
  const recorder = await getRecorder();
  await createRun(db, 'run_1');
  for (const event of sampleCheckoutRun('run_1').slice(0, -1)) await recorder.append('run_1', asNew(event));
  await finishRun({ db, recorder, clock: new ManualClock(1_000_041) }, 'run_1', {
    status: 'succeeded',
    outcome: 'order placed',
  });
  recorded = sampleCheckoutRun('run_1');
});
afterAll(async () => {
  await searchIndexIdle(db);
  await db.$disconnect();
  await t.dispose();
});

const context = (id: string) => ({ params: Promise.resolve({ id }) });
const request = (path: string) => new Request(`http://test/api/runs/${path}`);

describe('GET /api/runs/:id', () => {
  it('answers the Run row with the spans, graph and summary folded from its events', async () => {
    const res = await getRun(request('run_1'), context('run_1'));
    expect(res.status).toBe(200);
    const body = runDetailsSchema.parse(await res.json());
    expect(body.run).toMatchObject({
      id: 'run_1',
      status: 'succeeded',
      outcome: 'order placed',
      eventCount: 25,
      toolCallCount: 5,
      finishedAt: new Date(1_000_041).toISOString(),
    });
    const view = foldRunView(recorded);
    expect(body.summary).toEqual(view.summary);
    expect(body.spans.map((s) => s.id)).toEqual(view.spans.order);
    expect(body.spans.find((s) => s.id === 's9')).toMatchObject({
      kind: 'execute_tool',
      status: 'error',
      faultCount: 1,
    });
    expect(body.graph.nodes.map((n) => n.id)).toEqual(view.graph.nodeOrder);
    expect(body.graph.edges.map((e) => [e.id, e.count])).toEqual(
      view.graph.edgeOrder.map((id) => [id, view.graph.edges[id].count]),
    );
  });

  it('answers 404 for an unknown run and 400 for an id that cannot be one', async () => {
    expect((await getRun(request('nope'), context('nope'))).status).toBe(404);
    const bad = await getRun(request('a%20b'), context('a b'));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_input', fields: [{ path: 'id' }] } });
  });
});

describe('GET /api/runs/:id/events.json', () => {
  it('answers the whole log in seq order', async () => {
    const res = await getEventsJson(request('run_1/events.json'), context('run_1'));
    expect(res.status).toBe(200);
    const body = runLogSchema.parse(await res.json());
    expect(body.run.id).toBe('run_1');
    expect(body.events).toEqual(recorded);
  });

  it('answers 404 and 400 like the run route', async () => {
    expect((await getEventsJson(request('nope/events.json'), context('nope'))).status).toBe(404);
    expect((await getEventsJson(request('x/events.json'), context('x'.repeat(101)))).status).toBe(400);
  });
});

describe('GET /api/runs/:id/events.ndjson', () => {
  const lines = async (res: Response) =>
    (await res.text())
      .split('\n')
      .filter(Boolean)
      .map((line) => parseTraceEvent(JSON.parse(line)));

  it('answers the log one valid event per line, in seq order, in pages that join without a gap', async () => {
    const res = await getEventsNdjson(request('run_1/events.ndjson'), context('run_1'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(await lines(res)).toEqual(recorded);
    const paged = await openRunLog(db, { runId: 'run_1', afterSeq: 0, pageRows: 4 });
    expect(await lines(new Response(paged))).toEqual(recorded);
  });

  it('starts after ?since= (what the SSE stream then continues from)', async () => {
    const res = await getEventsNdjson(request('run_1/events.ndjson?since=20'), context('run_1'));
    expect(await lines(res)).toEqual(recorded.filter((e) => e.seq > 20));
  });

  it('answers 404 and 400 like the run route', async () => {
    expect((await getEventsNdjson(request('nope/events.ndjson'), context('nope'))).status).toBe(404);
    expect((await getEventsNdjson(request('x/events.ndjson'), context('x'.repeat(101)))).status).toBe(400);
    expect((await getEventsNdjson(request('run_1/events.ndjson?since=-1'), context('run_1'))).status).toBe(400);
  });
});
