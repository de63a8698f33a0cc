import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as compare } from '@/app/api/compare/route';
import { GET as exportRun } from '@/app/api/runs/[id]/export/route';
import { GET as listRuns } from '@/app/api/runs/route';
import { otlpTracesDocumentSchema } from '@/lib/export/otlp-json';
import { loadEvents } from '@/lib/trace/event-log';
import { foldSpans } from '@/lib/trace/projections/spans';
import { seedBigRun, type BigRun } from '@/scripts/bench/seed-big-run';
import { createTestDatabase, type TestDatabase } from '../support/test-db';
import { runComparisonSchema } from '@/lib/wire/compare';
import { historyPageSchema } from '@/lib/wire/history';

/** The huge run the browser bench opens (scripts/bench/seed-big-run.ts) is a well-formed run every API serves. */

let t: TestDatabase;
let big: BigRun;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  big = await seedBigRun(t.db, { runId: 'big_run', steps: 800 });
}, 120_000);
afterAll(async () => t.dispose());

describe('seed-big-run', () => {
  it('records the model steps asked for as whole checkouts, gap-free, one span per span id', async () => {
    const events = await loadEvents(t.db, 'big_run');
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: big.events }, (_, i) => i + 1));
    const steps = events.filter((e) => e.type === 'model.step').length;
    expect(steps).toBe(big.modelSteps);
    expect(steps).toBeGreaterThanOrEqual(800);
    // Each step comes with the work around it, as the agents record it: several events a step.
    expect(events.length).toBeGreaterThan(3 * steps);
    expect(events[0].type).toBe('run.started');
    expect(events.at(-1)!.type).toBe('run.finished');
    expect(events.every((e, i) => i === 0 || e.ts >= events[i - 1].ts)).toBe(true);
    const spans = foldSpans(events);
    expect(spans.orphans).toEqual([]);
    expect(Object.values(spans.spans).filter((s) => s.kind === 'chat').length).toBe(steps);
    expect(Object.values(spans.spans).every((s) => s.endTs !== null)).toBe(true);
  });

  it('is listed, exported and compared like any run', async () => {
    const { runs } = historyPageSchema.parse(
      await (await listRuns(new Request('http://test/api/runs?q=pm_grace_mc'))).json(),
    );
    expect(runs.map((r) => r.id)).toEqual(['big_run']);
    expect(runs[0]).toMatchObject({ status: 'succeeded', eventCount: big.events, customerId: 'cus_grace' });

    const otlp = await exportRun(new Request('http://test/api/runs/big_run/export?format=otlp'), {
      params: Promise.resolve({ id: 'big_run' }),
    });
    const doc = otlpTracesDocumentSchema.parse(await otlp.json());
    const spans = doc.resourceSpans![0].scopeSpans![0].spans!;
    const ids = new Set(spans.map((s) => s.spanId));
    expect(ids.size).toBe(spans.length);
    expect(spans.every((s) => !s.parentSpanId || ids.has(s.parentSpanId))).toBe(true);

    const same = runComparisonSchema.parse(
      await (await compare(new Request('http://test/api/compare?a=big_run&b=big_run&limit=10'))).json(),
    );
    expect(same.comparison).toMatchObject({ identical: true, totalRows: big.events });
  });
});
