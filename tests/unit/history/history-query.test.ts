import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '@/lib/history/cursor';
import { historyParams, parseHistoryQuery, parseInstant } from '@/lib/history/history-query';

const parse = (query: string) => parseHistoryQuery(new URLSearchParams(query));

describe('history query parameters', () => {
  it('collects list filters from repeated and comma-separated values; empty values are absent', () => {
    expect(historyParams(new URLSearchParams('status=failed,interrupted&status=running&tool=&q=a&q=b'))).toEqual({
      status: ['failed', 'interrupted', 'running'],
      q: 'b',
    });
    const parsed = parse('status=failed&agent=PaymentAgent,ShippingAgent&limit=10');
    expect(parsed.success && parsed.data).toMatchObject({
      status: ['failed'],
      agent: ['PaymentAgent', 'ShippingAgent'],
      limit: 10,
      sort: 'startedAt',
      order: 'desc',
      cursor: null,
    });
  });

  it('reads instants as ISO dates, date-times (UTC unless a zone is given) or epoch milliseconds', () => {
    expect(parseInstant('2026-01-02')?.toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(parseInstant('2026-01-02T03:04')?.toISOString()).toBe('2026-01-02T03:04:00.000Z');
    expect(parseInstant('2026-01-02T03:04:05.678+02:00')?.toISOString()).toBe('2026-01-02T01:04:05.678Z');
    expect(parseInstant('1767225600000')?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    for (const bad of ['2026-02-30', '2026-13-01', 'yesterday', '2026-01-01T25:00', '1e12', ''])
      expect(parseInstant(bad), bad).toBeNull();
    // A day that does not exist stays refused with a zone too; instants outside years 0000..9999 (stored as text) are refused.
    for (const bad of [
      '2026-02-30T00:00Z',
      '2026-02-29T10:00+02:00',
      '999999999999999',
      '253402300800000',
      '0000-01-01T00:00+01:00',
    ])
      expect(parseInstant(bad), bad).toBeNull();
    expect(parseInstant('253402300799999')?.toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(parseInstant('0000-01-01')?.toISOString()).toBe('0000-01-01T00:00:00.000Z');
  });

  it('names each unknown parameter', () => {
    const parsed = parse('stauts=failed&colour=red&__proto__=x');
    expect(parsed.success).toBe(false);
    if (!parsed.success)
      expect(parsed.error.issues.map((i) => i.path.join('.')).sort()).toEqual(['__proto__', 'colour', 'stauts']);
  });
});

describe('history cursors', () => {
  it('round-trip, and belong to one sort and order', () => {
    const text = encodeCursor({ sort: 'cost', order: 'asc', value: 0.125, id: 'run_1' });
    expect(decodeCursor(text, 'cost', 'asc')).toEqual({
      ok: true,
      cursor: { sort: 'cost', order: 'asc', value: 0.125, id: 'run_1' },
    });
    expect(decodeCursor(text, 'cost', 'desc').ok).toBe(false);
    expect(decodeCursor(text, 'steps', 'asc').ok).toBe(false);
  });

  it('refuse anything this API did not give out', () => {
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const text of [
      'x',
      '%%%',
      forged([1]),
      forged({ s: 'startedAt', o: 'desc', v: 5, id: 'r' }),
      forged({ s: 'cost', o: 'desc', v: 'x', id: 'r' }),
      forged({ s: 'cost', o: 'desc', v: 1, id: 'r', extra: 1 }),
    ]) {
      expect(decodeCursor(text, 'cost', 'desc').ok, text).toBe(false);
      expect(decodeCursor(text, 'startedAt', 'desc').ok, text).toBe(false);
    }
  });
});
