import type { CatalogCard, CatalogCustomer } from '@/lib/store/storefront';

export function cardLabel(card: CatalogCard): string {
  const flags = [
    card.status !== 'active' ? card.status : null,
    card.behavior !== 'approve' ? `test: ${card.behavior.replace('_', ' ')}` : null,
  ].filter(Boolean);
  return `${card.role} ${card.brand} ··${card.last4}${flags.length ? ` (${flags.join(', ')})` : ''}`;
}

/** The customer picker: one radio per customer, with what they are for in the demo and their cards. */
export function CustomerList({
  customers,
  selectedId,
  onSelect,
}: {
  customers: CatalogCustomer[];
  selectedId: string;
  onSelect: (id: string) => void;
}) {
  return (
    <fieldset data-testid="customer-list" className="divide-y divide-zinc-200 dark:divide-zinc-800">
      <legend className="sr-only">Customer</legend>
      {customers.map((c, index) => {
        const selected = c.id === selectedId;
        return (
          <label
            key={c.id}
            data-testid="customer-option"
            data-customer-id={c.id}
            className={`flex cursor-pointer gap-2 px-3 py-2 text-sm ${selected ? 'bg-indigo-50 dark:bg-indigo-950/50' : 'hover:bg-zinc-50 dark:hover:bg-zinc-800/50'}`}
          >
            <input
              type="radio"
              name="customer"
              value={c.id}
              checked={selected}
              onChange={() => onSelect(c.id)}
              className="mt-1 accent-indigo-600"
            />
            <span className="min-w-0 flex-1">
              <span className="flex items-baseline gap-2">
                <span className="font-medium">{c.name}</span>
                <span className="text-xs text-zinc-500">
                  {c.city}, {c.country}
                </span>
                {index < 9 && (
                  <span className="ml-auto font-mono text-[10px] text-zinc-400" aria-hidden>
                    {index + 1}
                  </span>
                )}
              </span>
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">{c.scenario}</span>
              <span className="mt-0.5 block font-mono text-[11px] text-zinc-500">
                {c.cards.length === 0 ? 'no card on file' : c.cards.map(cardLabel).join(' · ')}
              </span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
