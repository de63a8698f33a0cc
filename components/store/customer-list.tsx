import type { CatalogCustomer } from '@/lib/store/catalog';

export function CustomerList({ customers }: { customers: CatalogCustomer[] }) {
  return (
    <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900" data-testid="customer-list">
      {customers.map((c) => (
        <li key={c.id} className="p-3 text-sm">
          <div className="flex justify-between"><span className="font-medium">{c.name}</span><span className="text-xs text-zinc-500">{c.city}, {c.country}</span></div>
          <p className="text-xs text-zinc-500">{c.scenario}</p>
          <p className="mt-1 font-mono text-xs">
            {c.cards.length === 0 ? 'no card on file' : c.cards.map((card) => `${card.role}: ${card.brand} ··${card.last4}${card.status !== 'active' ? ` (${card.status})` : ''}`).join(' · ')}
          </p>
        </li>
      ))}
    </ul>
  );
}
