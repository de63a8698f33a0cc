import { getDb } from '@/lib/db/client';
import { parseHistoryQuery } from '@/lib/history/history-query';
import { listRunHistory } from '@/lib/history/list-runs';
import { HistoryView } from '@/components/history/history-view';
import { parseHistoryState } from '@/components/history/history-url';
import { historyFacets } from '@/lib/history/facets';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Runs · Agent Checkout Observatory' };

type Query = Record<string, string | string[] | undefined>;

function toParams(query: Query): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    for (const v of ([] as string[]).concat(value ?? [])) params.append(key, v);
  return params;
}

/**
 * /runs?<GET /api/runs's parameters>: the run history. The first page is rendered here, from the
 * same query the API runs; a bad parameter is shown, named, instead of a list.
 */
export default async function RunsPage({ searchParams }: { searchParams: Promise<Query> }) {
  const params = toParams(await searchParams);
  const db = await getDb();
  const parsed = parseHistoryQuery(params);
  const [page, facets] = await Promise.all([
    parsed.success ? listRunHistory(db, parsed.data) : null,
    historyFacets(db),
  ]);
  const errors = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'query', message: i.message }));
  return <HistoryView state={parseHistoryState(params)} page={page} errors={errors} facets={facets} />;
}
