/** POST /api/orders, GET /api/orders/:id and GET /api/notifications. Browser-safe. */
import { z } from 'zod';

/** The two ways an order is carried out (lib/checkout/order-request.ts RUN_MODES). */
export const PLACED_RUN_MODES = ['agents', 'orchestrator'] as const;

/** One run an order started. */
export const placedRunSchema = z.object({
  runId: z.string(),
  orderId: z.string(),
  mode: z.enum(PLACED_RUN_MODES),
});
export type PlacedRun = z.infer<typeof placedRunSchema>;

/** POST /api/orders → 201: one run, or two for mode "both". */
export const placedOrderSchema = z.object({ runs: z.array(placedRunSchema).min(1) });
export type PlacedOrder = z.infer<typeof placedOrderSchema>;

/** Dates cross as ISO strings. */
const when = z.string();

/** GET /api/orders/:id: the order's final state (made by lib/store/order-details.ts). */
export const orderDetailsSchema = z.object({
  order: z.object({
    id: z.string(),
    customerId: z.string(),
    customerName: z.string(),
    status: z.string(),
    totalCents: z.number(),
    currency: z.string(),
    mode: z.string(),
    outcome: z.string(),
    needsReview: z.boolean(),
    createdAt: when,
    updatedAt: when,
  }),
  items: z.array(
    z.object({
      id: z.string(),
      sku: z.string(),
      productName: z.string(),
      quantity: z.number(),
      unitPriceCents: z.number(),
    }),
  ),
  reservations: z.array(
    z.object({ id: z.string(), sku: z.string(), quantity: z.number(), status: z.string(), updatedAt: when }),
  ),
  payments: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      amountCents: z.number(),
      status: z.string(),
      errorCode: z.string().nullable(),
      paymentMethodId: z.string().nullable(),
      card: z.string().nullable(),
      parentId: z.string().nullable(),
      createdAt: when,
    }),
  ),
  shipments: z.array(
    z.object({
      id: z.string(),
      carrier: z.string(),
      service: z.string(),
      status: z.string(),
      trackingNo: z.string().nullable(),
      labelId: z.string().nullable(),
      costCents: z.number(),
      address: z.string(),
      createdAt: when,
    }),
  ),
  notifications: z.array(
    z.object({
      id: z.string(),
      channel: z.string(),
      to: z.string(),
      subject: z.string(),
      body: z.string(),
      createdAt: when,
    }),
  ),
  runs: z.array(z.object({ id: z.string(), mode: z.string(), status: z.string() })),
});
export type OrderDetails = z.infer<typeof orderDetailsSchema>;

export const NOTIFICATION_STATUSES = ['sent', 'queued', 'failed'] as const;

/**
 * One email or SMS of the outbox: as the customer received it (sent), waiting for the provider
 * to be back (queued), or given up (failed). Made by lib/store/outbox.ts.
 */
export const outboxMessageSchema = z.object({
  id: z.string(),
  orderId: z.string().nullable(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  /** The first run that worked on the order, to jump from a message to what produced it. */
  runId: z.string().nullable(),
  channel: z.string(),
  to: z.string(),
  subject: z.string(),
  body: z.string(),
  status: z.enum(NOTIFICATION_STATUSES),
  /** Delivery attempts the dispatcher made (0 for a message sent at once). */
  attempts: z.number().int().nonnegative(),
  sentAt: when.nullable(),
  /** When the dispatcher tries a queued message again. */
  nextAttemptAt: when.nullable(),
  lastError: z.string().nullable(),
  createdAt: when,
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

/** GET /api/notifications → newest first. */
export const notificationListSchema = z.object({ notifications: z.array(outboxMessageSchema) });
