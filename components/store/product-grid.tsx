import type { CatalogProduct } from '@/lib/store/storefront';
import { formatMoney } from '@/lib/protocol/money';

export function ProductGrid({
  products,
  inCart,
  onAdd,
}: {
  products: CatalogProduct[];
  inCart: ReadonlyMap<string, number>;
  onAdd: (sku: string) => void;
}) {
  return (
    <ul className="grid grid-cols-[repeat(auto-fill,minmax(210px,1fr))] gap-2" data-testid="product-grid">
      {products.map((p) => {
        const quantity = inCart.get(p.sku) ?? 0;
        return (
          <li
            key={p.id}
            data-testid="product-card"
            data-sku={p.sku}
            className={`flex flex-col rounded-lg border bg-white p-3 dark:bg-zinc-900 ${quantity ? 'border-indigo-400 dark:border-indigo-600' : 'border-zinc-200 dark:border-zinc-800'}`}
          >
            <div className="flex items-baseline justify-between gap-2">
              <h3 className="text-sm font-medium">{p.name}</h3>
              <span className="font-mono text-sm tabular-nums">{formatMoney(p.priceCents)}</span>
            </div>
            <p className="mt-0.5 text-xs text-zinc-500">{p.description}</p>
            <div className="mt-auto flex items-center gap-2 pt-2 font-mono text-xs">
              <span className="text-zinc-500">{p.sku}</span>
              <span
                data-testid="product-stock"
                className={
                  p.available <= 0
                    ? 'text-red-600 dark:text-red-400'
                    : p.available <= 2
                      ? 'text-amber-600 dark:text-amber-400'
                      : 'text-emerald-700 dark:text-emerald-400'
                }
              >
                {p.available <= 0 ? 'sold out' : `${p.available} in stock`}
              </span>
              <button
                type="button"
                onClick={() => onAdd(p.sku)}
                data-testid={`add-${p.sku}`}
                aria-label={`Add ${p.name} to the cart`}
                className="ml-auto h-6 rounded border border-zinc-300 px-2 font-sans text-xs hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                {quantity ? `+1 (${quantity})` : 'Add'}
              </button>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
