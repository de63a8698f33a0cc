/** One bench section prints one table: rows of name, figure, unit, target, before and a note (ratio, workload). */

export interface BenchRow {
  name: string;
  figure: number | string;
  unit: string;
  notes?: string;
  /** Repeated in the summary table that ends the run. */
  headline?: boolean;
  /** What the figure should reach (e.g. "≤ 10 ms"). */
  target?: string;
  /** The figure before this work (issue 17's measurements), for comparison. */
  before?: string;
  /** Which way is better, for the regression guard's ratio against the previous saved run. */
  better?: 'lower' | 'higher';
  /**
   * The host's speed while the figure was measured (support/host-speed.ts), for the regression guard: set by a
   * section that measures it next to its own passes, else by the runner around the section.
   */
  hostMs?: number;
}

export interface BenchSection {
  /** What `npm run bench -- <id>` selects. */
  id: string;
  title: string;
  run(): Promise<BenchRow[]>;
}

export function formatFigure(figure: number | string): string {
  if (typeof figure === 'string') return figure;
  if (Number.isInteger(figure)) return figure.toLocaleString('en-US');
  return figure.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** A table with the columns that have anything in them; `extra` adds columns after the figure's own. */
export function printTable(
  title: string,
  rows: BenchRow[],
  extra: { header: string; cell(row: BenchRow): string }[] = [],
): void {
  type Column = { header: string; cell(row: BenchRow): string; right?: boolean };
  const all: Column[] = [
    { header: 'name', cell: (r) => r.name },
    { header: 'figure', cell: (r) => formatFigure(r.figure), right: true },
    { header: 'unit', cell: (r) => r.unit },
    { header: 'target', cell: (r) => r.target ?? '' },
    { header: 'before', cell: (r) => r.before ?? '' },
    ...extra,
    { header: 'ratio / notes', cell: (r) => r.notes ?? '' },
  ];
  const columns = all.filter((c) => c.header === 'name' || c.header === 'figure' || rows.some((r) => c.cell(r) !== ''));
  const cells = [columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => c.cell(r)))];
  const widths = columns.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => (columns[c].right ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  console.log(`\n## ${title}\n`);
  console.log(line(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells.slice(1)) console.log(line(row));
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

/** The middle value, or the mean of the two middle ones (the nearest-rank percentile would take the lower). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
