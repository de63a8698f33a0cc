import { z } from 'zod';
import { safeParseTraceEvent, type TraceEvent } from '@/lib/trace/events';
import { requestJson } from './http';

const rowSchema = z.object({
  a: z.unknown().nullable(),
  b: z.unknown().nullable(),
  kind: z.enum(['same', 'changed', 'added', 'removed']),
});

export interface ComparedRow {
  a: TraceEvent | null;
  b: TraceEvent | null;
  kind: z.infer<typeof rowSchema>['kind'];
}

const event = (raw: unknown): TraceEvent | null => {
  if (raw === null || raw === undefined) return null;
  const parsed = safeParseTraceEvent(raw);
  if (!parsed.success) throw new Error('an event of the comparison does not match the trace contract');
  return parsed.data;
};

/** One aligned row of GET /api/compare, both events whole (the page itself carries only their labels). */
export async function fetchComparedRow(a: string, b: string, row: number): Promise<ComparedRow> {
  const query = new URLSearchParams({ a, b, offset: String(row), limit: '1' });
  const body = await requestJson(
    `/api/compare?${query.toString()}`,
    z.object({ comparison: z.object({ rows: z.array(rowSchema).length(1) }) }),
  );
  const [r] = body.comparison.rows;
  return { a: event(r.a), b: event(r.b), kind: r.kind };
}
