import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { BenchRow } from './bench-table';

/**
 * The regression guard: the summary's figures of a previous run, kept in the repo
 * (scripts/bench/baseline.json, written by `npm run bench -- --save`), so the next run prints
 * its ratio to each and a slowdown shows. Saving merges: a run of some sections updates only theirs.
 */

export const BASELINE_FILE = path.resolve(process.cwd(), 'scripts/bench/baseline.json');

const entrySchema = z.object({
  figure: z.number(),
  unit: z.string(),
  better: z.enum(['lower', 'higher']).optional(),
  savedAt: z.string(),
  load: z.string(),
  /** CPU ms of the host-speed reference work when it was measured (absent in figures saved before it existed). */
  hostMs: z.number().optional(),
});
const baselineSchema = z.object({ figures: z.record(z.string(), entrySchema) });
export type Baseline = z.infer<typeof baselineSchema>;

export function readBaseline(file = BASELINE_FILE): Baseline {
  if (!existsSync(file)) return { figures: {} };
  return baselineSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export function saveBaseline(rows: BenchRow[], load: string, file = BASELINE_FILE): void {
  const baseline = readBaseline(file);
  const savedAt = new Date().toISOString();
  for (const row of rows) {
    if (typeof row.figure !== 'number' || !Number.isFinite(row.figure)) continue;
    baseline.figures[row.name] = {
      figure: row.figure,
      unit: row.unit,
      better: row.better,
      savedAt,
      load,
      ...(row.hostMs !== undefined ? { hostMs: row.hostMs } : {}),
    };
  }
  const sorted = Object.fromEntries(Object.entries(baseline.figures).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, `${JSON.stringify({ figures: sorted }, null, 2)}\n`);
}

/**
 * How a figure moves with the host's speed: a time grows with it, a rate shrinks; a share or a count
 * (%, statements) does not move.
 */
function hostScaling(unit: string): 'time' | 'rate' | null {
  if (unit === 'ms' || unit === 's') return 'time';
  if (unit.endsWith('/s')) return 'rate';
  return null;
}

// Within 10% either way is noise on a shared machine.
function verdict(ratio: number, better: 'lower' | 'higher' | undefined): string {
  return !better || Math.abs(ratio - 1) < 0.1 ? '' : (better === 'lower') === ratio > 1 ? ' WORSE' : ' better';
}

/** "1.08x WORSE" style: this run's figure over the saved one, and whether that is worse. */
export function ratioToBaseline(row: BenchRow, baseline: Baseline): string {
  const saved = baseline.figures[row.name];
  if (!saved || typeof row.figure !== 'number' || saved.figure === 0) return '';
  const ratio = row.figure / saved.figure;
  // Judged here only when the host's speed cannot be taken out (see hostAdjustedRatio).
  const judged = hostAdjusted(row, saved) === null ? verdict(ratio, row.better ?? saved.better) : '';
  return `${ratio.toFixed(2)}x${judged}`;
}

/** The figure's ratio with the host's change of speed (`host`: this run's reference over the saved one) taken out. */
function hostAdjusted(row: BenchRow, saved: Baseline['figures'][string]): { adjusted: number; host: number } | null {
  const scaling = hostScaling(row.unit);
  if (!scaling || typeof row.figure !== 'number' || !row.hostMs || !saved.hostMs || saved.figure === 0) return null;
  const host = row.hostMs / saved.hostMs;
  const ratio = row.figure / saved.figure;
  return { adjusted: scaling === 'time' ? ratio / host : ratio * host, host };
}

/**
 * The ratio with the host's change of speed taken out, and the verdict on it: "0.85x better (host 1.31x
 * slower)". Empty for a figure that does not move with the host, or when either run has no host measurement.
 */
export function hostAdjustedRatio(row: BenchRow, baseline: Baseline): string {
  const saved = baseline.figures[row.name];
  const measured = saved ? hostAdjusted(row, saved) : null;
  if (!saved || measured === null) return '';
  const { adjusted, host } = measured;
  const hostWords =
    Math.abs(host - 1) < 0.05
      ? 'host as fast'
      : `host ${(host > 1 ? host : 1 / host).toFixed(2)}x ${host > 1 ? 'slower' : 'faster'}`;
  return `${adjusted.toFixed(2)}x${verdict(adjusted, row.better ?? saved.better)} (${hostWords})`;
}

export function previousFigure(row: BenchRow, baseline: Baseline): string {
  const saved = baseline.figures[row.name];
  return saved
    ? `${saved.figure.toLocaleString('en-US', { maximumFractionDigits: 2 })} (${saved.savedAt.slice(0, 10)}, load ${saved.load.split(' ')[0]})`
    : '';
}
