import { describe, expect, it } from 'vitest';
import { followScrollTop } from '@/components/trace/timeline-scroll';

describe('followScrollTop (the live timeline keeping its newest span in view)', () => {
  it('leaves the scroll alone while the row is wholly in view', () => {
    expect(followScrollTop(0, 0, 100, 20)).toBeNull();
    expect(followScrollTop(4, 0, 100, 20)).toBeNull();
    expect(followScrollTop(6, 40, 100, 20)).toBeNull();
  });

  it('scrolls up to a row above the view, to its top', () => {
    expect(followScrollTop(1, 50, 100, 20)).toBe(20);
  });

  it('scrolls down to a row below the view so that it is whole and the first visible row is not cut', () => {
    // 336 px of view, 22 px rows: row 20 ends at 462; 462 - 336 = 126 would cut the top row, 132 does not.
    const top = followScrollTop(20, 0, 336, 22)!;
    expect(top % 22).toBe(0);
    expect(top + 336).toBeGreaterThanOrEqual(21 * 22);
    expect(top).toBeLessThanOrEqual(20 * 22);
    expect(top).toBe(132);
  });

  it('never scrolls past the row itself when the view is shorter than a row', () => {
    expect(followScrollTop(10, 0, 10, 22)).toBe(220);
  });
});
