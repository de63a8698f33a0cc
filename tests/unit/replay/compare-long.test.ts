import { describe, expect, it } from 'vitest';
import { compareTraces } from '@/lib/replay/compare';
import { myersMatches } from '@/lib/replay/myers';
import { parseTraceEvent, type TraceEvent } from '@/lib/trace/events';

/** The textbook LCS length, to check Myers' answer against. */
function lcsLength(a: Int32Array, b: Int32Array): number {
  const t = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      t[i][j] = a[i] === b[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
  return t[0][0];
}

/** A seeded stream (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('myersMatches', () => {
  it('finds a longest common subsequence: as long as the LCS table’s, of equal pairs, in increasing order', () => {
    const next = random(7);
    for (let round = 0; round < 400; round++) {
      const alphabet = 1 + Math.floor(next() * 4);
      const seq = () => Int32Array.from({ length: Math.floor(next() * 30) }, () => Math.floor(next() * alphabet));
      const a = seq();
      const b = seq();
      const matches = myersMatches(a, b);
      expect(matches.length, `round ${round}: ${a} / ${b}`).toBe(lcsLength(a, b));
      matches.forEach(([i, j], n) => {
        expect(a[i]).toBe(b[j]);
        if (n > 0) expect(i > matches[n - 1][0] && j > matches[n - 1][1]).toBe(true);
      });
    }
  });

  it('handles empty and identical sequences', () => {
    expect(myersMatches(new Int32Array(0), Int32Array.of(1, 2))).toEqual([]);
    expect(myersMatches(Int32Array.of(1, 2), new Int32Array(0))).toEqual([]);
    expect(myersMatches(Int32Array.of(3, 4, 5), Int32Array.of(3, 4, 5))).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
    ]);
  });
});

const TOOLS = [
  'payment_authorize',
  'inventory_reserve',
  'shipping_quote',
  'notification_send_email',
  'customer_get_profile',
];

/** A long trace of tool calls and results on their own spans (10k events: past the LCS table's limit). */
function longTrace(runId: string, calls: number): TraceEvent[] {
  const events: TraceEvent[] = [];
  for (let c = 0; c < calls; c++) {
    const toolName = TOOLS[c % TOOLS.length];
    const common = { runId, ts: 1000 + c, spanId: `s${c}`, parentSpanId: 'run', agent: 'PaymentAgent' };
    events.push(
      parseTraceEvent({
        ...common,
        seq: 1,
        type: 'tool.call',
        data: { toolName, toolCallId: `call_${c}`, input: { n: c } },
      }),
    );
    events.push(
      parseTraceEvent({
        ...common,
        seq: 1,
        type: 'tool.result',
        data: { toolName, toolCallId: `call_${c}`, status: 'ok', output: { n: c }, latencyMs: c % 7 },
      }),
    );
  }
  return events.map((e, i) => ({ ...e, seq: i + 1 }));
}

describe('compareTraces on long runs', () => {
  it('one event inserted into a 10,000-event run: one added row, every other row the same', () => {
    const a = longTrace('run_a', 5000);
    const insertAt = 6001;
    const b = longTrace('run_b', 5000);
    const extra = parseTraceEvent({
      runId: 'run_b',
      seq: 1,
      ts: 0,
      spanId: b[insertAt].spanId,
      parentSpanId: 'run',
      agent: 'PaymentAgent',
      type: 'fault.injected',
      data: {
        ruleId: 'r',
        ruleName: 'slow',
        service: 'payment',
        operation: 'authorize',
        kind: 'latency',
        effect: 'latency',
      },
    });
    const withInsertion = [...b.slice(0, insertAt), extra, ...b.slice(insertAt)].map((e, i) => ({ ...e, seq: i + 1 }));
    expect(a.length * withInsertion.length).toBeGreaterThan(4_000_000);

    const cmp = compareTraces(a, withInsertion);
    expect(cmp.rows).toHaveLength(10_001);
    expect(cmp.rows.filter((r) => r.kind !== 'same')).toEqual([{ a: null, b: withInsertion[insertAt], kind: 'added' }]);
    expect(cmp.firstDivergence).toMatchObject({ row: insertAt, seqA: null, seqB: insertAt + 1 });
    // The rows after it pair the same steps, each one seq apart.
    expect(cmp.rows.at(-1)).toMatchObject({ a: { seq: 10_000 }, b: { seq: 10_001 }, kind: 'same' });
  });

  it('edits scattered through a long run: only they are marked, each where it happened', () => {
    const a = longTrace('run_a', 5000);
    const b = longTrace('run_b', 5000);
    const retry = (at: number) =>
      parseTraceEvent({
        ...b[at],
        seq: 1,
        type: 'tool.call',
        data: { toolName: 'payment_status', toolCallId: `retry_${at}`, input: {} },
      });
    // Steps 101 and 5001 are gone from b; a step the parent never made comes in before 8001.
    const edited = [
      ...b.slice(0, 100),
      ...b.slice(101, 5000),
      ...b.slice(5001, 8000),
      retry(8000),
      ...b.slice(8000),
    ].map((e, i) => ({ ...e, seq: i + 1 }));
    const rows = compareTraces(a, edited).rows;
    expect(rows.filter((r) => r.kind !== 'same').map((r) => [r.kind, r.a?.seq ?? null, r.b?.seq ?? null])).toEqual([
      ['removed', 101, null],
      ['removed', 5001, null],
      ['added', null, 7999],
    ]);
  });

  it('a long run against itself is identical', () => {
    const a = longTrace('run_a', 5000);
    expect(compareTraces(a, longTrace('run_c', 5000))).toMatchObject({ identical: true, firstDivergence: null });
  });
});
