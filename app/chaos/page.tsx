import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { ControlPanel } from '@/components/chaos/control-panel';
import { ruleChoices } from './rule-choices';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Chaos · Agent Checkout Observatory' };

const batchId = z.string().trim().min(1).max(100);

/** /chaos[?batch=<id>][&scorecard=<id>]: fault rules, presets, chaos batches and the chaos scorecard. */
export default async function ChaosPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const batch = batchId.safeParse(Array.isArray(query.batch) ? query.batch[0] : query.batch);
  const scorecard = batchId.safeParse(Array.isArray(query.scorecard) ? query.scorecard[0] : query.scorecard);
  const { catalog, customers } = await ruleChoices(await getDb());
  return (
    <ControlPanel
      catalog={catalog}
      customers={customers}
      initialBatchId={batch.success ? batch.data : null}
      initialScorecardId={scorecard.success ? scorecard.data : null}
    />
  );
}
