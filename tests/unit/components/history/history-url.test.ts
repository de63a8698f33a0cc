import { describe, expect, it } from 'vitest';
import { historyParams, historyQuerySchema } from '@/lib/history/history-query';
import {
  emptyHistoryState,
  fromLocalInput,
  historyQuery,
  isFiltered,
  parseHistoryState,
  sinceInstant,
  toLocalInput,
  withChange,
  withList,
} from '@/components/history/history-url';

describe('the /runs URL state', () => {
  it('reads repeated and comma-separated lists, the last of single values, and defaults', () => {
    const state = parseHistoryState(
      new URLSearchParams(
        'status=failed&status=interrupted,failed&agent=PaymentAgent&q=backup, card&sort=cost&order=asc&cursor=abc',
      ),
    );
    expect(state.lists).toEqual({ status: ['failed', 'interrupted'], agent: ['PaymentAgent'] });
    expect(state.q).toBe('backup, card');
    expect(state).toMatchObject({ sort: 'cost', order: 'asc', cursor: 'abc', from: '', to: '' });
    expect(parseHistoryState({})).toEqual(emptyHistoryState);
    expect(parseHistoryState({ sort: 'nonsense', order: 'sideways' })).toMatchObject({
      sort: 'startedAt',
      order: 'desc',
    });
  });

  it('writes a stable query with defaults left out, which the API reads back to the same filters', () => {
    const state = withList(
      withChange(emptyHistoryState, { q: ' card declined ', sort: 'duration', from: '2026-01-02T03:04Z' }),
      'faultKind',
      ['decline', 'timeout'],
    );
    const query = historyQuery(state);
    expect(query).toBe('faultKind=decline%2Ctimeout&from=2026-01-02T03%3A04Z&q=card+declined&sort=duration');
    expect(parseHistoryState(new URLSearchParams(query))).toEqual({ ...state, q: 'card declined' });
    const api = historyQuerySchema.parse(historyParams(new URLSearchParams(query)));
    expect(api.faultKind).toEqual(['decline', 'timeout']);
    expect(api.q).toBe('card declined');
    expect(api.sort).toBe('duration');
    expect(api.from?.toISOString()).toBe('2026-01-02T03:04:00.000Z');
    expect(historyQuery(emptyHistoryState)).toBe('');
  });

  it('starts again from the first page when a filter or the order changes, and can leave the cursor out', () => {
    const paged = { ...emptyHistoryState, cursor: 'c1' };
    expect(withChange(paged, { order: 'asc' }).cursor).toBe('');
    expect(withList(paged, 'status', ['failed']).cursor).toBe('');
    expect(withList(withList(paged, 'status', ['failed']), 'status', []).lists).toEqual({});
    expect(historyQuery(paged)).toBe('cursor=c1');
    expect(historyQuery(paged, { cursor: false, limit: 10 })).toBe('limit=10');
  });

  it('knows when the list is filtered (sort and paging do not count)', () => {
    expect(isFiltered({ ...emptyHistoryState, sort: 'cost', cursor: 'x' })).toBe(false);
    expect(isFiltered({ ...emptyHistoryState, q: 'x' })).toBe(true);
    expect(isFiltered(withList(emptyHistoryState, 'model', ['m']))).toBe(true);
    expect(isFiltered({ ...emptyHistoryState, to: '2026-01-01' })).toBe(true);
  });

  it('shows and reads times in UTC, whatever form the URL holds them in', () => {
    expect(toLocalInput('2026-03-04T05:06:07Z')).toBe('2026-03-04T05:06');
    expect(toLocalInput('2026-03-04T05:06')).toBe('2026-03-04T05:06');
    expect(toLocalInput('2026-03-04')).toBe('2026-03-04T00:00');
    expect(toLocalInput(String(Date.UTC(2026, 0, 1, 12)))).toBe('2026-01-01T12:00');
    expect(toLocalInput('garbage')).toBe('');
    expect(fromLocalInput('2026-03-04T05:06')).toBe('2026-03-04T05:06Z');
    expect(fromLocalInput('')).toBe('');
    expect(sinceInstant(3_600_000, Date.UTC(2026, 0, 1, 12))).toBe('2026-01-01T11:00:00Z');
  });

  it("keeps the blocked-attempts filter in the URL with the API's name, and counts it as a filter", () => {
    const state = parseHistoryState(new URLSearchParams('blocked=1&status=failed'));
    expect(state.blocked).toBe('1');
    expect(historyQuery(state)).toBe('status=failed&blocked=1');
    expect(isFiltered(withChange(emptyHistoryState, { blocked: '0' }))).toBe(true);
  });
});
