import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  hostAdjustedRatio,
  ratioToBaseline,
  readBaseline,
  saveBaseline,
  type Baseline,
} from '@/scripts/bench/support/baseline';
import { median, type BenchRow } from '@/scripts/bench/support/bench-table';

const saved = (figure: number, unit: string, better: 'lower' | 'higher', hostMs?: number) => ({
  figure,
  unit,
  better,
  savedAt: '2026-12-03T11:00:00.000Z',
  load: '1.00 1.00 1.00',
  ...(hostMs !== undefined ? { hostMs } : {}),
});

const baseline: Baseline = {
  figures: {
    'orders: CPU per order, traced': saved(36, 'ms', 'lower', 10),
    'orders: orders/s, traced': saved(30, 'orders/s', 'higher', 10),
    'orders: SQL statements per order, traced': saved(92, 'statements', 'lower', 10),
    'sse: sse p95': saved(8, 'ms', 'lower'),
  },
};

const row = (name: string, figure: number, unit: string, better: 'lower' | 'higher', hostMs?: number): BenchRow => ({
  name,
  figure,
  unit,
  better,
  hostMs,
});

describe('the regression guard', () => {
  it('takes the host out of a time: slower on a slower host is no regression', () => {
    // 1.5x the CPU on a host 1.5x slower: the code did not change.
    const cpu = row('orders: CPU per order, traced', 54, 'ms', 'lower', 15);
    expect(ratioToBaseline(cpu, baseline)).toBe('1.50x');
    expect(hostAdjustedRatio(cpu, baseline)).toBe('1.00x (host 1.50x slower)');
    // The same figure on an unchanged host is a regression.
    expect(hostAdjustedRatio({ ...cpu, hostMs: 10 }, baseline)).toBe('1.50x WORSE (host as fast)');
  });

  it('takes the host out of a rate the other way', () => {
    const rate = row('orders: orders/s, traced', 40, 'orders/s', 'higher', 8);
    // 1.33x the rate, but the host got 1.25x faster: 1.07x, within noise.
    expect(hostAdjustedRatio(rate, baseline)).toBe('1.07x (host 1.25x faster)');
    expect(hostAdjustedRatio({ ...rate, figure: 60 }, baseline)).toBe('1.60x better (host 1.25x faster)');
  });

  it('leaves counts and shares alone, and judges them on the raw ratio', () => {
    const statements = row('orders: SQL statements per order, traced', 84, 'statements', 'lower', 15);
    expect(hostAdjustedRatio(statements, baseline)).toBe('');
    expect(ratioToBaseline(statements, baseline)).toBe('0.91x');
    expect(ratioToBaseline({ ...statements, figure: 70 }, baseline)).toBe('0.76x better');
  });

  it('judges on the raw ratio when either run has no host measurement', () => {
    const sse = row('sse: sse p95', 12, 'ms', 'lower', 10);
    expect(hostAdjustedRatio(sse, baseline)).toBe('');
    expect(ratioToBaseline(sse, baseline)).toBe('1.50x WORSE');
  });

  describe('saving', () => {
    let dir: string;
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('keeps the host measurement with each figure, merging with what was saved', () => {
      dir = mkdtempSync(path.join(tmpdir(), 'bench-baseline-'));
      const file = path.join(dir, 'baseline.json');
      saveBaseline([row('a: one', 1, 'ms', 'lower', 9.5)], '1 1 1', file);
      saveBaseline([row('b: two', 2, '%', 'lower')], '2 2 2', file);
      const kept = readBaseline(file).figures;
      expect(kept['a: one']).toMatchObject({ figure: 1, hostMs: 9.5, load: '1 1 1' });
      expect(kept['b: two']).toMatchObject({ figure: 2, load: '2 2 2' });
      expect(kept['b: two']).not.toHaveProperty('hostMs');
    });
  });
});

describe('median', () => {
  it('is the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([25, 1, 20, 10])).toBe(15);
    expect(median([])).toBeNaN();
  });
});
