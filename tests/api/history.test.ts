import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/runs/route';
import type { HistoryRun } from '@/lib/history/history-row';
import { TraceRecorder } from '@/lib/trace/recorder';
import { flushSearchIndex } from '@/lib/trace/search-indexer';
import type { TraceEvent } from '@/lib/trace/events';
import { createHistoryFixture, runsWhere, type HistoryFixture } from '../support/history-fixture';
import { apiErrorBodySchema } from '@/lib/wire/errors';
import { historyPageSchema, type HistoryPage } from '@/lib/wire/history';

let f: HistoryFixture;
beforeAll(async () => {
  f = await createHistoryFixture();
  process.env.DATABASE_URL = f.h.t.url;
}, 120_000);
afterAll(async () => f.dispose());

async function list(query: string): Promise<HistoryPage> {
  const res = await GET(new Request(`http://test/api/runs${query ? `?${query}` : ''}`));
  expect(res.status, `GET /api/runs?${query}: ${await res.clone().text()}`).toBe(200);
  return historyPageSchema.parse(await res.json());
}

const ids = (page: HistoryPage) => page.runs.map((r) => r.id);

async function refusal(query: string): Promise<{ status: number; paths: string[] }> {
  const res = await GET(new Request(`http://test/api/runs?${query}`));
  if (res.status !== 400) return { status: res.status, paths: [] };
  const { error } = apiErrorBodySchema.parse(await res.json());
  expect(error.code).toBe('invalid_input');
  return { status: res.status, paths: error.fields.map((x) => x.path) };
}

const TEXT_TYPES = new Set(['model.step', 'tool.call', 'tool.result', 'message.sent']);
const mentions = (needle: string) => (e: TraceEvent) =>
  TEXT_TYPES.has(e.type) && JSON.stringify(e.data).toLowerCase().includes(needle.toLowerCase());

describe('GET /api/runs: the list', () => {
  it('lists every run newest first, with the summary figures of its row and the fault kinds it hit', async () => {
    const page = await list('');
    expect(ids(page)).toEqual([...f.runIds].reverse());
    expect(page.nextCursor).toBeNull();
    for (const run of page.runs) {
      const row = await f.h.t.db.run.findUniqueOrThrow({ where: { id: run.id } });
      expect(run).toMatchObject({
        status: row.status,
        model: row.model,
        mode: row.mode,
        customerId: row.customerId,
        durationMs: row.durationMs,
        stepCount: row.stepCount,
        eventCount: row.eventCount,
        errorCount: row.errorCount,
        faultCount: row.faultCount,
        tokens: row.inputTokens + row.outputTokens,
        costUsd: row.costUsd,
        parentRunId: null,
        startedAt: row.startedAt.toISOString(),
      });
      const kinds = [
        ...new Set(f.events.get(run.id)!.flatMap((e) => (e.type === 'fault.injected' ? [e.data.kind] : []))),
      ].sort();
      expect(run.faultKinds).toEqual(kinds);
    }
    expect(page.runs.find((r) => r.customerId === 'cus_grace')?.customerName).toBe('Grace Hopper');
    expect(page.runs.some((r) => r.faultKinds.length > 0)).toBe(true);
  });

  it('filters on the Run row: status, mode, model, customer, time range', async () => {
    const rows = await f.h.t.db.run.findMany({ orderBy: { startedAt: 'desc' } });
    const failed = rows.filter((r) => r.status === 'failed').map((r) => r.id);
    expect(failed.length).toBeGreaterThan(0);
    expect(ids(await list('status=failed'))).toEqual(failed);
    expect(ids(await list('status=failed,succeeded'))).toEqual(rows.map((r) => r.id));
    expect(ids(await list('status=failed&status=interrupted'))).toEqual(failed);
    expect(ids(await list('mode=orchestrator'))).toEqual(
      rows.filter((r) => r.mode === 'orchestrator').map((r) => r.id),
    );
    expect(ids(await list(`model=${encodeURIComponent(rows[0].model)}`))).toEqual(
      rows.filter((r) => r.model === rows[0].model).map((r) => r.id),
    );
    expect(ids(await list('customerId=cus_ada'))).toEqual(
      rows.filter((r) => r.customerId === 'cus_ada').map((r) => r.id),
    );
    const [, second, third] = [...rows].reverse();
    const inRange = rows
      .filter((r) => r.startedAt >= second.startedAt && r.startedAt < third.startedAt)
      .map((r) => r.id);
    expect(ids(await list(`from=${second.startedAt.toISOString()}&to=${third.startedAt.toISOString()}`))).toEqual(
      inRange,
    );
    expect(inRange).toEqual([second.id]);
    expect(ids(await list(`to=${second.startedAt.getTime()}`))).toEqual([rows.at(-1)!.id]);
  });

  it('filters on what happened inside the run: agent, tool, error code, injected fault kind', async () => {
    const cases: [string, (e: TraceEvent) => boolean][] = [
      ['agent=OrderService', (e) => e.agent === 'OrderService'],
      ['agent=CustomerAgent', (e) => e.agent === 'CustomerAgent'],
      ['tool=payment_authorize', (e) => e.type === 'tool.call' && e.data.toolName === 'payment_authorize'],
      [
        'tool=shipping_create_label,customer_request_new_card',
        (e) =>
          e.type === 'tool.call' && ['shipping_create_label', 'customer_request_new_card'].includes(e.data.toolName),
      ],
      ['errorCode=card_declined', (e) => e.type === 'tool.result' && e.data.error?.code === 'card_declined'],
      ['errorCode=insufficient_funds', (e) => e.type === 'tool.result' && e.data.error?.code === 'insufficient_funds'],
      ['faultKind=carrier_outage', (e) => e.type === 'fault.injected' && e.data.kind === 'carrier_outage'],
      ['faultKind=out_of_stock', (e) => e.type === 'fault.injected' && e.data.kind === 'out_of_stock'],
    ];
    for (const [query, predicate] of cases) {
      const expected = runsWhere(f, predicate);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(expected.length, query).toBeLessThan(f.runIds.length);
      expect(ids(await list(query)), query).toEqual(expected);
    }
    expect(ids(await list('errorCode=no_such_code'))).toEqual([]);
  });

  it('combines filters: all must hold', async () => {
    const declined = new Set(runsWhere(f, (e) => e.type === 'tool.result' && e.data.error?.code === 'card_declined'));
    const succeeded = (
      await f.h.t.db.run.findMany({ where: { status: 'succeeded', mode: 'agents' }, orderBy: { startedAt: 'desc' } })
    ).map((r) => r.id);
    const expected = succeeded.filter((id) => declined.has(id));
    expect(expected.length).toBeGreaterThan(0);
    expect(ids(await list('status=succeeded&mode=agents&errorCode=card_declined&agent=PaymentAgent'))).toEqual(
      expected,
    );
    expect(ids(await list('mode=orchestrator&agent=PaymentAgent'))).toEqual([]);
  });

  it('searches reasoning text and tool payloads (FTS5): words, phrases, prefixes', async () => {
    for (const needle of ['pm_grace_mc', 'pm_barbara_disc', 'insufficient funds', 'carrier_outage']) {
      const expected = runsWhere(f, mentions(needle));
      expect(expected.length, needle).toBeGreaterThan(0);
      expect(expected.length, needle).toBeLessThan(f.runIds.length);
      expect(ids(await list(`q=${encodeURIComponent(needle.includes(' ') ? `"${needle}"` : needle)}`)), needle).toEqual(
        expected,
      );
    }
    // Every word must occur in one event; a prefix matches longer words.
    expect(ids(await list('q=PM_GRACE_MC%20authorize'))).toEqual(
      runsWhere(f, (e) => mentions('pm_grace_mc')(e) && mentions('authorize')(e)),
    );
    expect(ids(await list('q=barbara_di*'))).toEqual(runsWhere(f, mentions('pm_barbara_disc')));
    expect(ids(await list('q=zebra-crossing-nowhere'))).toEqual([]);
    // Search syntax in the input is searched for, not obeyed.
    expect(ids(await list(`q=${encodeURIComponent('body:declined OR NEAR( "unbalanced')}`))).toEqual([]);
    expect(ids(await list(`q=${encodeURIComponent('pm_grace_mc')}&status=succeeded&tool=payment_capture`))).toEqual(
      runsWhere(f, mentions('pm_grace_mc')),
    );
  });
});

describe('GET /api/runs: sorting and cursor pagination', () => {
  const keyOf: Record<string, (r: HistoryRun) => number | string> = {
    startedAt: (r) => r.startedAt,
    duration: (r) => r.durationMs ?? -1,
    tokens: (r) => r.tokens,
    cost: (r) => r.costUsd,
    steps: (r) => r.stepCount,
  };

  it('sorts by each key in both orders, ties broken by id, and pages through without a gap or a repeat', async () => {
    for (const sort of Object.keys(keyOf)) {
      for (const order of ['asc', 'desc'] as const) {
        const whole = (await list(`sort=${sort}&order=${order}`)).runs;
        const expected = [...whole].sort((a, b) => {
          const [ka, kb] = [keyOf[sort](a), keyOf[sort](b)];
          const c = ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
          return order === 'asc' ? c : -c;
        });
        expect(ids({ runs: whole, nextCursor: null }), `${sort} ${order}`).toEqual(expected.map((r) => r.id));
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page: HistoryPage = await list(
            `sort=${sort}&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
          );
          expect(page.runs.length).toBeLessThanOrEqual(2);
          paged.push(...ids(page));
          cursor = page.nextCursor;
        } while (cursor);
        expect(paged, `${sort} ${order} paged`).toEqual(expected.map((r) => r.id));
      }
    }
  });

  it('keeps a cursor stable while runs are added', async () => {
    const first = await list('limit=3');
    const before = ids(await list(`limit=100&cursor=${first.nextCursor}`));
    f.h.clock.advance(60_000);
    const [newer] = await f.h.order({ customerId: 'cus_ada' });
    const older = await f.h.t.db.run.create({
      data: { id: 'run_backdated', goal: 'g', model: 'm', status: 'failed', startedAt: new Date(Date.UTC(2025, 0, 1)) },
    });
    try {
      const after = ids(await list(`limit=100&cursor=${first.nextCursor}`));
      expect(after).toEqual([...before, older.id]);
      expect(after).not.toContain(newer.runId);
      expect(ids(await list('limit=1'))).toEqual([newer.runId]);
    } finally {
      await f.h.t.db.run.delete({ where: { id: older.id } });
      await f.h.t.db.run.delete({ where: { id: newer.runId } });
    }
  });
});

describe('GET /api/runs: a run in progress', () => {
  it('shows figures folded from its events until its row gets the summary, then the row', async () => {
    const recorder = new TraceRecorder({ db: f.h.t.db, bus: f.h.bus, clock: f.h.clock });
    await f.h.t.db.run.create({
      data: {
        id: 'run_live',
        goal: 'g',
        model: 'openai:gpt-4.1-mini',
        customerId: 'cus_ada',
        startedAt: new Date(f.h.clock.now()),
      },
    });
    try {
      const base = { spanId: 's1', parentSpanId: 'run', agent: 'PaymentAgent' } as const;
      await recorder.append('run_live', {
        type: 'run.started',
        spanId: 'run',
        parentSpanId: null,
        agent: null,
        data: { goal: 'g', orderId: 'o', customerId: 'cus_ada', mode: 'agents', model: 'm', seed: 0, faultRules: [] },
      });
      f.h.clock.advance(1500);
      await recorder.append('run_live', {
        ...base,
        spanId: 's2',
        parentSpanId: 's1',
        type: 'model.step',
        data: {
          agent: 'PaymentAgent',
          step: 1,
          model: 'm',
          reasoning: 'authorize the kumquat card',
          text: '',
          toolCalls: [],
          finishReason: 'tool-calls',
          usage: { inputTokens: 120, outputTokens: 30 },
          costUsd: 0.25,
          latencyMs: 5,
        },
      });
      await recorder.append('run_live', {
        ...base,
        spanId: 's3',
        type: 'tool.call',
        data: {
          toolName: 'payment_authorize',
          toolCallId: 'c1',
          input: {},
          service: 'payment',
          operation: 'authorize',
        },
      });
      await recorder.append('run_live', {
        ...base,
        spanId: 's3',
        type: 'fault.injected',
        data: {
          ruleId: 'r',
          ruleName: 'r',
          service: 'payment',
          operation: 'authorize',
          kind: 'timeout',
          effect: 'timeout',
        },
      });
      await recorder.append('run_live', {
        ...base,
        spanId: 's3',
        type: 'tool.result',
        data: {
          toolName: 'payment_authorize',
          toolCallId: 'c1',
          status: 'error',
          error: { code: 'gateway_timeout', message: 'x', retryable: true },
          latencyMs: 1,
          service: 'payment',
          operation: 'authorize',
        },
      });
      const [running] = (await list('status=running')).runs;
      expect(running).toMatchObject({
        id: 'run_live',
        status: 'running',
        eventCount: 5,
        stepCount: 1,
        toolCallCount: 1,
        errorCount: 1,
        faultCount: 1,
        faultKinds: ['timeout'],
        inputTokens: 120,
        outputTokens: 30,
        tokens: 150,
        costUsd: 0.25,
        durationMs: 1500,
        finishedAt: null,
      });
      await flushSearchIndex(f.h.t.db);
      expect(ids(await list('q=kumquat'))).toEqual(['run_live']);
      expect(ids(await list('faultKind=timeout&errorCode=gateway_timeout'))).toEqual(['run_live']);

      // The end is recorded before the row is updated: the line already says so.
      f.h.clock.advance(500);
      await recorder.append('run_live', {
        type: 'run.finished',
        spanId: 'run',
        parentSpanId: null,
        agent: null,
        data: { status: 'failed', outcome: 'order failed cleanly', durationMs: 2000 },
      });
      const [ended] = (await list('customerId=cus_ada&limit=1')).runs;
      expect(ended).toMatchObject({
        id: 'run_live',
        status: 'failed',
        outcome: 'order failed cleanly',
        durationMs: 2000,
        eventCount: 6,
      });
      expect(ended.finishedAt).toBe(new Date(f.h.clock.now()).toISOString());
    } finally {
      await f.h.t.db.run.delete({ where: { id: 'run_live' } });
    }
  });
});

describe('GET /api/runs: bad input', () => {
  it('answers 400 naming the field, never a 500', async () => {
    const cases: [string, string][] = [
      ['status=bogus', 'status.0'],
      ['status=', ''],
      ['mode=both', 'mode.0'],
      ['limit=0', 'limit'],
      ['limit=-3', 'limit'],
      ['limit=501', 'limit'],
      ['limit=abc', 'limit'],
      ['sort=name', 'sort'],
      ['order=up', 'order'],
      ['from=yesterday', 'from'],
      ['from=2026-02-30', 'from'],
      ['to=2026-01-01&from=2026-01-02', 'to'],
      ['cursor=garbage', 'cursor'],
      [`cursor=${Buffer.from('{"s":"cost","o":"desc","v":1,"id":"x"}').toString('base64url')}`, 'cursor'],
      ['q=%22%22%22%20***%20--', 'q'],
      [`q=${'x'.repeat(201)}`, 'q'],
      ['agent=%3Cscript%3E', 'agent.0'],
      [`tool=${'a,'.repeat(25)}`, 'tool'],
      ['stauts=failed', 'stauts'],
    ];
    for (const [query, path] of cases) {
      const { status, paths } = await refusal(query);
      if (path === '') {
        expect(status, query).toBe(200);
        continue;
      }
      expect(status, query).toBe(400);
      expect(paths, query).toContain(path);
    }
  });

  it('refuses a cursor made for another order', async () => {
    const page = await list('limit=1&sort=cost&order=asc');
    expect(page.nextCursor).not.toBeNull();
    const { status, paths } = await refusal(`sort=cost&order=desc&cursor=${page.nextCursor}`);
    expect(status).toBe(400);
    expect(paths).toEqual(['cursor']);
  });
});
