import { orderDetailsSchema, type OrderDetails } from '@/lib/wire/orders';
import { requestJson } from './http';

export type { OrderDetails as OrderDetailsView } from '@/lib/wire/orders';

/** GET /api/orders/:id, checked at the boundary (the route's read model is lib/store/order-details.ts). */
export const fetchOrderDetails = (orderId: string): Promise<OrderDetails> =>
  requestJson(`/api/orders/${encodeURIComponent(orderId)}`, orderDetailsSchema);
