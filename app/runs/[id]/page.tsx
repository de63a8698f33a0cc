import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { preload } from 'react-dom';
import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { getRuns } from '@/lib/store/run-list';
import { RunWorkspace } from '@/components/run/run-workspace';
import { runLogUrl } from '@/components/run/run-log-url';
import { parseSelection } from '@/components/run/selection';
import { parseAt } from '@/components/replay/replay-url';
import { runLineage } from '@/lib/history/lineage';
import { ruleChoices } from '../../chaos/rule-choices';

export const dynamic = 'force-dynamic';

type Query = Record<string, string | string[] | undefined>;
const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const runId = z.string().trim().min(1).max(100);

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: `Run ${id.slice(-8)} · Agent Checkout Observatory` };
}

/** /runs/<id>[?compare=<otherRunId>][&span=|node=|edge=<id>[&side=b]][&at=<seq> (replay position)] */
export default async function RunPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Query>;
}) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const main = runId.safeParse(id);
  if (!main.success) notFound();
  const compare = runId.safeParse(first(query.compare));
  const ids = compare.success && compare.data !== main.data ? [main.data, compare.data] : [main.data];
  const db = await getDb();
  const [runs, lineage, choices] = await Promise.all([
    getRuns(db, ids),
    ids.length === 1 ? runLineage(db, main.data) : undefined,
    ruleChoices(db),
  ]);
  if (runs[0]?.id !== main.data) notFound();
  // The log starts downloading with the page, while its scripts load: the stream hook's fetch of
  // the same URL then takes this response instead of asking again (crossOrigin matches fetch()'s defaults).
  for (const run of runs) preload(runLogUrl(run.id), { as: 'fetch', crossOrigin: 'anonymous' });
  const selection = parseSelection(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, first(v)])));
  return (
    <RunWorkspace
      key={runs.map((r) => r.id).join(',')}
      runs={runs}
      initialSelection={selection}
      initialAt={parseAt(first(query.at))}
      lineage={lineage}
      ruleChoices={choices}
    />
  );
}
