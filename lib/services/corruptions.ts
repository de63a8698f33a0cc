/**
 * Plausible but wrong replies: the shapes a corrupted_reply fault gives a real answer.
 * Each keeps the reply well-formed and believable, and says what it changed.
 */
import type { SkuQuantity } from './lookups';
import type { Reshaped } from './operation';

/** An id that looks like the real one but is not: the last character moved along. */
export function alteredId(value: string): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  const index = alphabet.indexOf((value.at(-1) ?? '0').toLowerCase());
  return value.slice(0, -1) + alphabet[(index + 7) % alphabet.length];
}

type KeysOfType<V, T> = { [K in keyof V]: V[K] extends T ? K : never }[keyof V] & string;

export function withAlteredId<V>(value: V, key: KeysOfType<V, string>): Reshaped<V> {
  const real = value[key] as string;
  const shown = alteredId(real);
  return { value: { ...value, [key]: shown }, detail: `${key} ${real} shown as ${shown}` };
}

/** An amount about 10% short of the real one. */
export function withShavedAmount<V extends { amountCents: number }>(value: V): Reshaped<V> {
  const shown = value.amountCents - Math.max(1, Math.round(value.amountCents * 0.1));
  return { value: { ...value, amountCents: shown }, detail: `amountCents ${value.amountCents} shown as ${shown}` };
}

/** The first line's quantity off by one unit; null when there is no line. */
export function withQuantityOffByOne<V>(value: V, key: KeysOfType<V, SkuQuantity[]>): Reshaped<V> | null {
  const [first, ...rest] = value[key] as SkuQuantity[];
  if (!first) return null;
  const shown = first.quantity > 1 ? first.quantity - 1 : first.quantity + 1;
  return {
    value: { ...value, [key]: [{ ...first, quantity: shown }, ...rest] },
    detail: `${first.sku} quantity ${first.quantity} shown as ${shown}`,
  };
}
