/** One bench section prints one table: rows of name, figure, unit and a note (ratio, workload). */

export interface BenchRow {
  name: string;
  figure: number | string;
  unit: string;
  notes?: string;
  /** Repeated in the summary table that ends the run. */
  headline?: boolean;
}

export interface BenchSection {
  /** What `npm run bench -- <id>` selects. */
  id: string;
  title: string;
  run(): Promise<BenchRow[]>;
}

function formatFigure(figure: number | string): string {
  if (typeof figure === 'string') return figure;
  if (Number.isInteger(figure)) return figure.toLocaleString('en-US');
  return figure.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function printTable(title: string, rows: BenchRow[]): void {
  const cells = [['name', 'figure', 'unit', 'ratio / notes'], ...rows.map((r) => [r.name, formatFigure(r.figure), r.unit, r.notes ?? ''])];
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => (c === 1 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
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

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}
