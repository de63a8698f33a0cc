import type { CatalogProduct } from '@/lib/store/storefront';
import { formatMoney } from '@/lib/protocol/money';
import type { Cart } from './cart-state';

export function cartTotalCents(cart: Cart, bySku: ReadonlyMap<string, CatalogProduct>): number {
  let total = 0;
  for (const [sku, quantity] of cart) total += (bySku.get(sku)?.priceCents ?? 0) * quantity;
  return total;
}

export function CartPanel({
  cart,
  bySku,
  onChange,
}: {
  cart: Cart;
  bySku: ReadonlyMap<string, CatalogProduct>;
  onChange: (sku: string, delta: number) => void;
}) {
  if (cart.size === 0) {
    return (
      <p className="px-3 py-4 text-center text-xs text-zinc-500" data-testid="cart-empty">
        The cart is empty: add products on the left.
      </p>
    );
  }
  return (
    <div data-testid="cart">
      <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {[...cart].map(([sku, quantity]) => {
          const product = bySku.get(sku);
          const over = product !== undefined && quantity > product.available;
          return (
            <li
              key={sku}
              data-testid="cart-line"
              data-sku={sku}
              className="flex items-center gap-2 px-3 py-1.5 text-sm"
            >
              <span className="min-w-0 flex-1 truncate">
                {product?.name ?? sku}
                {over && (
                  <span
                    className="ml-1 text-xs text-amber-600 dark:text-amber-400"
                    title="More than is in stock: the inventory will refuse"
                  >
                    · over stock
                  </span>
                )}
              </span>
              <span className="inline-flex items-center rounded border border-zinc-300 dark:border-zinc-700">
                <button
                  type="button"
                  aria-label={`One less ${product?.name ?? sku}`}
                  onClick={() => onChange(sku, -1)}
                  className="h-6 w-6 hover:bg-zinc-100 dark:hover:bg-zinc-800"
                >
                  −
                </button>
                <span className="w-6 text-center font-mono text-xs tabular-nums" data-testid="cart-quantity">
                  {quantity}
                </span>
                <button
                  type="button"
                  aria-label={`One more ${product?.name ?? sku}`}
                  onClick={() => onChange(sku, 1)}
                  className="h-6 w-6 hover:bg-zinc-100 dark:hover:bg-zinc-800"
                >
                  +
                </button>
              </span>
              <span className="w-20 text-right font-mono text-xs tabular-nums">
                {formatMoney((product?.priceCents ?? 0) * quantity)}
              </span>
            </li>
          );
        })}
      </ul>
      <div className="flex justify-between border-t border-zinc-200 px-3 py-2 text-sm font-medium dark:border-zinc-800">
        <span>Total</span>
        <span className="font-mono tabular-nums" data-testid="cart-total">
          {formatMoney(cartTotalCents(cart, bySku))}
        </span>
      </div>
    </div>
  );
}
