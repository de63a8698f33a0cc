/**
 * The order's final state a run records in run.finished (`data.order`): what actually happened to it
 * in the services, read by lib/checkout/settle-order.ts, shown by the run page for a sandboxed re-run
 * or fork. Browser-safe: zod only.
 */
import { z } from 'zod';

export const finalOrderStateSchema = z.object({
  orderId: z.string(),
  status: z.enum(['placed', 'failed']),
  totalCents: z.number(),
  capturedCents: z.number(),
  refundedCents: z.number(),
  openAuthorizations: z.number(),
  heldReservations: z.number(),
  committedReservations: z.number(),
  shipments: z.array(z.object({ carrier: z.string(), status: z.string(), labelId: z.string().nullable() })),
  notifications: z.number(),
  needsReview: z.boolean(),
  /** Business invariants this order breaks, in words (empty when consistent). */
  violations: z.array(z.string()),
});
export type FinalOrderState = z.infer<typeof finalOrderStateSchema>;

/** The same, read leniently: runs recorded before a field existed lack it (and said their status in other words). */
export const recordedFinalOrderSchema = finalOrderStateSchema.extend({
  status: z.string(),
  capturedCents: z.number().default(0),
  refundedCents: z.number().default(0),
  openAuthorizations: z.number().default(0),
  heldReservations: z.number().default(0),
  committedReservations: z.number().default(0),
  shipments: z
    .array(finalOrderStateSchema.shape.shipments.element.extend({ labelId: z.string().nullable().optional() }))
    .default([]),
  notifications: z.number().default(0),
  needsReview: z.boolean().default(false),
  violations: z.array(z.string()).default([]),
});
