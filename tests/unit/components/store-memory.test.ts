import { describe, expect, it } from 'vitest';
import {
  paceOr,
  parseStoreMemory,
  serializeStoreMemory,
  storeMemoryParams,
  urlNamesState,
} from '@/components/store/store-memory';

describe('the store memory', () => {
  it('round-trips customer, cart, checkout mode and pace', () => {
    const memory = {
      customer: 'cus_grace',
      cart: 'KB-001:2,MS-002:1',
      by: 'orchestrator' as const,
      pace: 'slow_motion' as const,
    };
    expect(parseStoreMemory(serializeStoreMemory(memory))).toEqual(memory);
  });

  it('reads anything else as no memory', () => {
    for (const text of [
      null,
      '',
      'not json',
      '[]',
      '{"pace":"warp"}',
      '{"by":"both"}',
      JSON.stringify({ cart: 'x'.repeat(3000) }),
    ])
      expect(parseStoreMemory(text)).toEqual({});
  });

  it('a URL with a state of its own wins; a plain / does not', () => {
    expect(urlNamesState({})).toBe(false);
    expect(urlNamesState({ cart: 'KB-001:1' })).toBe(true);
    expect(urlNamesState({ pace: 'instant' })).toBe(true);
  });

  it('browser orders default to real time; only a known pace is taken', () => {
    expect(paceOr(undefined, 'real_time')).toBe('real_time');
    expect(paceOr('slow_motion', 'real_time')).toBe('slow_motion');
    expect(paceOr('warp', 'real_time')).toBe('real_time');
  });

  it('becomes the query string the store renders from', () => {
    expect(
      storeMemoryParams({ customer: 'cus_grace', cart: 'KB-001:2', by: 'agents', pace: 'instant' }).toString(),
    ).toBe('customer=cus_grace&cart=KB-001%3A2&pace=instant');
    expect(storeMemoryParams({}).size).toBe(0);
  });
});
