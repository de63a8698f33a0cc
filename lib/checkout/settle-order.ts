import type { PrismaClient } from '@/lib/db/client';
import type { FinalOrderState } from '@/lib/trace/final-order';

export type { FinalOrderState } from '@/lib/trace/final-order';

/**
 * Reads what actually happened to an order in the services (not what an agent said):
 * placed when paid, committed and dispatched; otherwise failed; and which business
 * invariants it breaks.
 */
export async function assessOrder(db: PrismaClient, orderId: string): Promise<FinalOrderState> {
  return (await readOrderState(db, orderId)).state;
}

/** assessOrder's state and the status the order's row records, from one read. */
export async function readOrderState(
  db: PrismaClient,
  orderId: string,
): Promise<{ state: FinalOrderState; recordedStatus: string }> {
  const order = await db.order.findUniqueOrThrow({
    where: { id: orderId },
    include: { payments: true, reservations: true, shipments: true, notifications: { select: { id: true } } },
  });
  const ok = order.payments.filter((p) => p.status === 'succeeded');
  const sum = (kind: string) => ok.filter((p) => p.kind === kind).reduce((s, p) => s + p.amountCents, 0);
  const captures = ok.filter((p) => p.kind === 'capture');
  const capturedCents = sum('capture');
  const refundedCents = sum('refund');
  const closedAuths = new Set(ok.filter((p) => p.kind === 'void' || p.kind === 'capture').map((p) => p.parentId));
  const openAuthorizations = ok.filter((p) => p.kind === 'authorization' && !closedAuths.has(p.id)).length;
  const heldReservations = order.reservations.filter((r) => r.status === 'held').length;
  const committedReservations = order.reservations.filter((r) => r.status === 'committed').length;
  const activeShipments = order.shipments.filter((s) => s.status !== 'cancelled');
  const paid = capturedCents - refundedCents >= order.totalCents && capturedCents > 0;
  const placed = paid && committedReservations > 0 && heldReservations === 0 && activeShipments.length > 0;

  const violations: string[] = [];
  if (captures.length > 1) violations.push(`captured ${captures.length} times`);
  if (activeShipments.some((s) => s.status === 'label_created') && !paid)
    violations.push('label without a captured payment');
  if (!placed && heldReservations > 0) violations.push('stock still reserved for a failed order');
  if (!placed && openAuthorizations > 0) violations.push('authorization left open on a failed order');
  if (!placed && capturedCents - refundedCents > 0) violations.push('money captured for a failed order');
  if (placed && capturedCents - refundedCents !== order.totalCents)
    violations.push('captured amount differs from the order total');
  const needsReview = violations.length > 0;
  const state: FinalOrderState = {
    orderId,
    status: placed ? 'placed' : 'failed',
    totalCents: order.totalCents,
    capturedCents,
    refundedCents,
    openAuthorizations,
    heldReservations,
    committedReservations,
    shipments: order.shipments.map((s) => ({ carrier: s.carrier, status: s.status, labelId: s.labelId })),
    notifications: order.notifications.length,
    needsReview,
    violations,
  };
  return { state, recordedStatus: order.status };
}

/**
 * Records the order's final status, derived by assessOrder; flagged for review when it breaks an invariant.
 * `known`: the state just assessed, when nothing can have changed since (a settlement that did nothing).
 */
export async function settleOrder(
  db: PrismaClient,
  orderId: string,
  outcome: string,
  known?: FinalOrderState,
): Promise<FinalOrderState> {
  const state = known ?? (await assessOrder(db, orderId));
  await db.order.update({
    where: { id: orderId },
    data: { status: state.status, outcome: outcome.slice(0, 500), needsReview: state.needsReview },
  });
  return state;
}
