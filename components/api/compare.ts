import { runComparisonSchema } from '@/lib/wire/compare';
import type { AlignedRow } from '@/lib/wire/replay';
import { requestJson } from './http';

/** One aligned row of a comparison, both events whole. */
export type ComparedRow = AlignedRow;

/** One aligned row of GET /api/compare, both events whole (the page itself carries only their labels). */
export async function fetchComparedRow(a: string, b: string, row: number): Promise<ComparedRow> {
  const query = new URLSearchParams({ a, b, offset: String(row), limit: '1' });
  const body = await requestJson(`/api/compare?${query.toString()}`, runComparisonSchema);
  const [only] = body.comparison.rows;
  if (!only || body.comparison.rows.length !== 1) throw new Error(`the comparison has no row ${row}`);
  return only;
}
