/**
 * What a run starts from, kept in its Run row (`stateSnapshot`, JSON) so that a re-run or fork can
 * start from the same place: every product's stock and holds, the customer's cards and card requests
 * as they were. Written by lib/checkout/start-run.ts, read by ./sandbox.ts: one shape for both.
 */
import { z } from 'zod';

export const stateSnapshotSchema = z.object({
  products: z.array(z.object({ sku: z.string(), stock: z.number().int(), reserved: z.number().int() })),
  cards: z.array(z.object({ id: z.string(), role: z.string(), status: z.string(), behavior: z.string() })),
  cardRequests: z
    .array(
      z.object({
        id: z.string(),
        customerId: z.string(),
        orderId: z.string().nullable(),
        status: z.string(),
        availableAt: z.coerce.date().nullable(),
        paymentMethodId: z.string().nullable(),
        fulfilledAt: z.coerce.date().nullable(),
      }),
    )
    .default([]),
});

/** What start-run writes (dates as Dates; JSON.stringify makes them the ISO strings the reader coerces back). */
export type StateSnapshot = z.output<typeof stateSnapshotSchema>;
