/** The cart as the store keeps it: sku → quantity, in the order items were added. */
export type Cart = ReadonlyMap<string, number>;

export const MAX_QUANTITY = 99;

/** "KB-001:1,MS-002:2" → Map; unknown skus and bad quantities are dropped, so a pasted link never breaks the page. */
export function parseCart(text: string | null | undefined, knownSkus: ReadonlySet<string>): Cart {
  const cart = new Map<string, number>();
  for (const part of (text ?? '').split(',')) {
    const [sku, qty] = part.split(':');
    const quantity = Number(qty ?? '1');
    if (!sku || !knownSkus.has(sku) || !Number.isInteger(quantity) || quantity < 1) continue;
    cart.set(sku, Math.min(MAX_QUANTITY, (cart.get(sku) ?? 0) + quantity));
  }
  return cart;
}

export function serializeCart(cart: Cart): string {
  return [...cart].map(([sku, quantity]) => `${sku}:${quantity}`).join(',');
}

/** Adds delta (may be negative); a line that reaches 0 goes away. */
export function changeQuantity(cart: Cart, sku: string, delta: number): Cart {
  const next = new Map(cart);
  const quantity = Math.min(MAX_QUANTITY, (next.get(sku) ?? 0) + delta);
  if (quantity <= 0) next.delete(sku);
  else next.set(sku, quantity);
  return next;
}
