import { z } from 'zod';
import { PACES, type Pace } from '@/lib/runtime/pace';

/**
 * What the store remembers for this tab (sessionStorage), so that leaving it (the control panel, a
 * run) and coming back through a plain link finds the same customer, cart, checkout mode and pace.
 * The URL still wins: a shared link shows what it says.
 */
export const STORE_MEMORY_KEY = 'aco.store';

const storeMemorySchema = z.object({
  customer: z.string().max(100).optional(),
  cart: z.string().max(2000).optional(),
  by: z.enum(['agents', 'orchestrator']).optional(),
  pace: z.enum(PACES).optional(),
});
export type StoreMemory = z.infer<typeof storeMemorySchema>;

/** Stored text → memory; anything unreadable is no memory rather than a broken page. */
export function parseStoreMemory(text: string | null): StoreMemory {
  if (!text) return {};
  try {
    const parsed = storeMemorySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function serializeStoreMemory(memory: StoreMemory): string {
  return JSON.stringify(memory);
}

/** The URL names a store state of its own (a deep link), which then wins over the remembered one. */
export function urlNamesState(initial: { customer?: string; cart?: string; by?: string; pace?: string }): boolean {
  return Boolean(initial.customer || initial.cart || initial.by || initial.pace);
}

/** A pace from the URL or memory, else the store's default (real time, unless the server says otherwise). */
export function paceOr(value: string | undefined, fallback: Pace): Pace {
  return (PACES as readonly string[]).includes(value ?? '') ? (value as Pace) : fallback;
}

/** Memory → the store's query string (?customer=…&cart=…&by=…&pace=…); empty when there is nothing to restore. */
export function storeMemoryParams(memory: StoreMemory): URLSearchParams {
  const params = new URLSearchParams();
  if (memory.customer) params.set('customer', memory.customer);
  if (memory.cart) params.set('cart', memory.cart);
  if (memory.by && memory.by !== 'agents') params.set('by', memory.by);
  if (memory.pace) params.set('pace', memory.pace);
  return params;
}
