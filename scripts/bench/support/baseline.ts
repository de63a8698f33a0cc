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
    baseline.figures[row.name] = { figure: row.figure, unit: row.unit, better: row.better, savedAt, load };
  }
  const sorted = Object.fromEntries(Object.entries(baseline.figures).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, `${JSON.stringify({ figures: sorted }, null, 2)}\n`);
}

/** "1.08x (slower)" style: this run's figure over the saved one, and whether that is worse. */
export function ratioToBaseline(row: BenchRow, baseline: Baseline): string {
  const saved = baseline.figures[row.name];
  if (!saved || typeof row.figure !== 'number' || saved.figure === 0) return '';
  const ratio = row.figure / saved.figure;
  const better = row.better ?? saved.better;
  // Within 10% either way is noise on a shared machine.
  const verdict = !better || Math.abs(ratio - 1) < 0.1 ? '' : (better === 'lower') === ratio > 1 ? ' WORSE' : ' better';
  return `${ratio.toFixed(2)}x${verdict}`;
}

export function previousFigure(row: BenchRow, baseline: Baseline): string {
  const saved = baseline.figures[row.name];
  return saved
    ? `${saved.figure.toLocaleString('en-US', { maximumFractionDigits: 2 })} (${saved.savedAt.slice(0, 10)}, load ${saved.load.split(' ')[0]})`
    : '';
}
