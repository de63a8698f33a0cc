import type { CatalogProduct } from '@/lib/store/catalog';
import { formatCents } from './format';

export function ProductGrid({ products }: { products: CatalogProduct[] }) {
  return (
    <ul className="grid grid-cols-[repeat(auto-fill,minmax(200px,1fr))] gap-3" data-testid="product-grid">
      {products.map((p) => (
        <li key={p.id} data-testid="product-card" className="rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900">
          <div className="flex items-baseline justify-between gap-2">
            <h3 className="font-medium">{p.name}</h3>
            <span className="font-mono text-sm">{formatCents(p.priceCents)}</span>
          </div>
          <p className="mt-1 text-xs text-zinc-500">{p.description}</p>
          <p className="mt-2 font-mono text-xs">
            <span className="text-zinc-500">{p.sku}</span>{' · '}
            <span className={p.available <= 2 ? 'text-amber-600 dark:text-amber-400' : 'text-emerald-700 dark:text-emerald-400'}>
              {p.available} in stock
            </span>
          </p>
        </li>
      ))}
    </ul>
  );
}
