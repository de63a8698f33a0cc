import type { PrismaClient } from '@/lib/db/client';
import { faultCatalogView } from '@/lib/faults/catalog';
import { listCustomers } from '@/lib/store/storefront';
import type { RuleChoices } from '@/components/chaos/fault-choices';
import { cardLabel } from '@/components/store/customer-list';

/** What the rule editor offers (the faults catalog, customers and their cards), for every page that has one. */
export async function ruleChoices(db: PrismaClient): Promise<RuleChoices> {
  const customers = await listCustomers(db);
  return {
    catalog: faultCatalogView(),
    customers: customers.map((c) => ({
      id: c.id,
      name: c.name,
      cards: c.cards.map((card) => ({ id: card.id, label: cardLabel(card) })),
    })),
  };
}
