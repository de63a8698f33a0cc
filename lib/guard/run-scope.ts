/**
 * What one checkout run may act on: its order, that order's customer, the order's total, and the
 * contacts on file that its messages go to. Fixed when the run starts; whatever a model writes
 * later (a prompt injection in an address note, a hallucinated id) cannot widen it.
 */
export interface RunScope {
  orderId: string;
  customerId: string;
  /** The order's total: the most any authorization or capture of this run may be for. */
  totalCents: number;
  /** Where the notification service sends this customer's messages (it reads them from the customer row). */
  contacts: { email: string; phone: string };
}

/** Who owns an object the tools name: the rows the guard reads, and nothing else. */
export interface OwnershipReader {
  /** A gateway operation (authorization, capture, void, refund) by id. */
  payment(id: string): Promise<{ orderId: string; kind: string; status: string } | null>;
  /** A gateway operation by the idempotency key it was made with. */
  paymentByKey(idempotencyKey: string): Promise<{ orderId: string } | null>;
  /** What an order's succeeded captures and refunds add up to. */
  paymentTotals(orderId: string): Promise<{ capturedCents: number; refundedCents: number }>;
  shipmentByLabel(labelId: string): Promise<{ orderId: string } | null>;
  paymentMethod(id: string): Promise<{ customerId: string } | null>;
  cardRequest(id: string): Promise<{ customerId: string } | null>;
  notification(id: string): Promise<{ customerId: string | null; orderId: string | null } | null>;
}

/** What a run's tools are checked against: passed in through the run's context, never global. */
export interface RunGuard {
  scope: RunScope;
  reader: OwnershipReader;
}
