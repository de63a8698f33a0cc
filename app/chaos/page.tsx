import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { faultCatalogView } from '@/lib/faults/catalog';
import { listCustomers } from '@/lib/store/catalog';
import { ControlPanel } from '@/components/chaos/control-panel';
import { cardLabel } from '@/components/store/customer-list';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Chaos · Agent Checkout Observatory' };

const batchId = z.string().trim().min(1).max(100);

/** /chaos[?batch=<id>][&scorecard=<id>]: fault rules, presets, chaos batches and the chaos scorecard. */
export default async function ChaosPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const batch = batchId.safeParse(Array.isArray(query.batch) ? query.batch[0] : query.batch);
  const scorecard = batchId.safeParse(Array.isArray(query.scorecard) ? query.scorecard[0] : query.scorecard);
  const customers = await listCustomers(await getDb());
  return (
    <ControlPanel
      catalog={faultCatalogView()}
      customers={customers.map((c) => ({ id: c.id, name: c.name, cards: c.cards.map((card) => ({ id: card.id, label: cardLabel(card) })) }))}
      initialBatchId={batch.success ? batch.data : null}
      initialScorecardId={scorecard.success ? scorecard.data : null}
    />
  );
}
