import { z } from 'zod';
import { requestJson } from './http';

const when = z.string();

/** GET /api/orders/:id, checked at the boundary (the route's read model is lib/store/order-details.ts). */
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
  reservations: z.array(z.object({ id: z.string(), sku: z.string(), quantity: z.number(), status: z.string() })),
  payments: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      amountCents: z.number(),
      status: z.string(),
      errorCode: z.string().nullable(),
      paymentMethodId: z.string().nullable(),
      card: z.string().nullable(),
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
      costCents: z.number(),
      address: z.string(),
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
});
export type OrderDetailsView = z.infer<typeof orderDetailsSchema>;

export const fetchOrderDetails = (orderId: string): Promise<OrderDetailsView> =>
  requestJson(`/api/orders/${encodeURIComponent(orderId)}`, orderDetailsSchema);
