import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getDb } from '@/lib/db/client';
import { compareRuns, MAX_ROWS_PAGE } from '@/lib/history/compare-runs';
import { CompareForm } from '@/components/compare/compare-form';
import { foldGraph } from '@/lib/trace/projections/graph';
import { compactRows, parseRow, sideEvents } from '@/components/compare/compare-model';
import { CompareView } from '@/components/compare/compare-view';
import { runIdSchema } from '../api/runs/[id]/schema';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Compare · Agent Checkout Observatory' };

type Query = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** /compare?a=<runId>&b=<runId>[&row=<n>]: two runs aligned step by step (without both ids: a form to pick them). */
export default async function ComparePage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const a = runIdSchema.safeParse(first(query.a));
  const b = runIdSchema.safeParse(first(query.b));
  if (!a.success || !b.success) return <CompareForm a={first(query.a) ?? ''} b={first(query.b) ?? ''} />;
  const result = await compareRuns(await getDb(), { a: a.data, b: b.data, offset: 0, limit: MAX_ROWS_PAGE });
  if (!result.ok) notFound();
  const { a: sideA, b: sideB, comparison } = result.value;
  // Only what the page draws goes to the browser: a label per event (both events of a row are fetched when it is
  // picked) and each graph's nodes and edges (its open-call index stays here).
  const graphOf = (side: 'a' | 'b') => ({ ...foldGraph(sideEvents(comparison.rows, side)), calls: {} });
  return (
    <CompareView
      key={`${a.data}:${b.data}`}
      data={{
        a: sideA,
        b: sideB,
        identical: comparison.identical,
        firstDivergence: comparison.firstDivergence,
        firstBehaviouralDivergence: comparison.firstBehaviouralDivergence,
        rows: compactRows(comparison.rows),
        graph: comparison.graph,
        graphs: { a: graphOf('a'), b: graphOf('b') },
      }}
      initialRow={parseRow(first(query.row), comparison.rows.length)}
    />
  );
}
