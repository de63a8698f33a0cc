import { describe, expect, it } from 'vitest';
import { percentDone, remainingMs } from '@/components/chaos/eta';

describe('progress ETA', () => {
  it('is the time per finished item times the items left', () => {
    expect(remainingMs(10, 40, 5_000)).toBe(15_000);
    expect(remainingMs(39, 40, 39_000)).toBe(1_000);
  });

  it('has no estimate before the first item, nor once all are done', () => {
    expect(remainingMs(0, 40, 5_000)).toBeNull();
    expect(remainingMs(40, 40, 5_000)).toBeNull();
    expect(remainingMs(3, 40, 0)).toBeNull();
  });

  it('rounds the share done, never past 100%', () => {
    expect(percentDone(1, 3)).toBe(33);
    expect(percentDone(5, 4)).toBe(100);
    expect(percentDone(0, 0)).toBe(0);
  });
});
