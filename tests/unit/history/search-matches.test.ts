import { afterEach, describe, expect, it } from 'vitest';
import { parseHistoryQuery } from '@/lib/history/history-query';
import { listRunHistory } from '@/lib/history/list-runs';
import { searchMatches } from '@/lib/history/search-matches';
import { ManualClock } from '@/lib/runtime/clock';
import { InProcessTraceBus } from '@/lib/trace/bus';
import type { NewTraceEvent } from '@/lib/trace/events';
import { TraceRecorder } from '@/lib/trace/recorder';
import { flushSearchIndex } from '@/lib/trace/search-indexer';
import { createTestDatabase, type TestDatabase } from '../../support/test-db';

/** Where a history search matched: per run, how many events, and the first of them with a marked snippet. */

const step = (text: string, spanId: string): NewTraceEvent => ({
  type: 'model.step',
  spanId,
  parentSpanId: 'run',
  agent: 'PaymentAgent',
  data: {
    agent: 'PaymentAgent',
    step: 1,
    model: 'm',
    reasoning: text,
    text: '',
    toolCalls: [],
    finishReason: 'stop',
    usage: { inputTokens: 1, outputTokens: 1 },
    costUsd: 0,
    latencyMs: 1,
  },
});

let t: TestDatabase | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

async function record(db: TestDatabase['db'], runId: string, events: NewTraceEvent[]): Promise<void> {
  await db.run.create({ data: { id: runId, goal: 'g', model: 'm' } });
  const recorder = new TraceRecorder({ db, bus: new InProcessTraceBus(), clock: new ManualClock() });
  for (const event of events) await recorder.append(runId, event);
}

describe('history search matches', () => {
  it('lists, per run, the matching steps in order with the matched words marked, and counts them all', async () => {
    t = await createTestDatabase({ seed: false });
    await record(t.db, 'run_a', [
      step('the primary card was declined by the issuer', 's1'),
      step('nothing to see', 's2'),
      step('declined again, trying the backup card', 's3'),
    ]);
    await record(t.db, 'run_b', [step('a card that was never declined here', 's1')]);
    await record(t.db, 'run_c', [step('no match at all', 's1')]);
    await flushSearchIndex(t.db);

    const found = await searchMatches(t.db, ['run_a', 'run_b', 'run_c'], 'declined card');
    expect(Object.keys(found).sort()).toEqual(['run_a', 'run_b', 'run_c']);
    expect(found.run_a.total).toBe(2);
    expect(found.run_a.steps.map((s) => s.seq)).toEqual([1, 3]);
    expect(found.run_a.steps[0]).toMatchObject({ type: 'model.step', agent: 'PaymentAgent', spanId: 's1' });
    expect(found.run_a.steps[0].snippet.filter((p) => p.hit).map((p) => p.text)).toEqual(['card', 'declined']);
    expect(found.run_a.steps[0].snippet.map((p) => p.text).join('')).toMatch(
      /^the primary card was declined by the issuer/,
    );
    expect(found.run_b.total).toBe(1);
    expect(found.run_c).toEqual({ total: 0, steps: [] });
    expect(await searchMatches(t.db, ['run_a'], '***')).toEqual({});
  });

  it('comes with a history page that was searched, and only then', async () => {
    t = await createTestDatabase({ seed: false });
    await record(t.db, 'run_a', [step('the gateway timed out', 's1')]);
    await flushSearchIndex(t.db);
    const query = (params: string) => {
      const parsed = parseHistoryQuery(new URLSearchParams(params));
      if (!parsed.success) throw new Error(String(parsed.error));
      return parsed.data;
    };
    const searched = await listRunHistory(t.db, query('q=timed'));
    expect(searched.runs.map((r) => r.id)).toEqual(['run_a']);
    expect(searched.matches?.run_a.steps[0].snippet).toContainEqual({ text: 'timed', hit: true });
    expect((await listRunHistory(t.db, query(''))).matches).toBeUndefined();
  });
});
