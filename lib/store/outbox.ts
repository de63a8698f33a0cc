import { z } from 'zod';
import type { PrismaClient } from '@/lib/db/client';
import { notificationStatus } from '@/lib/services/notification';
import type { OutboxMessage } from '@/lib/wire/orders';

/** What the outbox can be asked: one order's messages, or the newest across all orders. */
export const outboxQuerySchema = z
  .object({
    orderId: z.string().trim().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();
export type OutboxQuery = z.input<typeof outboxQuerySchema>;

/** One email or SMS, as GET /api/notifications sends it (lib/wire/orders.ts). */
export type { OutboxMessage } from '@/lib/wire/orders';

/** The notifications, newest first (ties broken by id so the order is stable). */
export async function listOutbox(db: PrismaClient, query: OutboxQuery = {}): Promise<OutboxMessage[]> {
  const { orderId, limit } = outboxQuerySchema.parse(query);
  const rows = await db.notification.findMany({
    where: orderId ? { orderId } : undefined,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit,
    include: {
      customer: { select: { name: true } },
      order: { select: { runs: { select: { id: true }, orderBy: { startedAt: 'asc' }, take: 1 } } },
    },
  });
  return rows.map((n) => ({
    id: n.id,
    orderId: n.orderId,
    customerId: n.customerId,
    customerName: n.customer?.name ?? null,
    runId: n.order?.runs[0]?.id ?? null,
    channel: n.channel,
    to: n.to,
    subject: n.subject,
    body: n.body,
    status: notificationStatus(n.status),
    attempts: n.attempts,
    sentAt: n.sentAt?.toISOString() ?? null,
    nextAttemptAt: n.nextAttemptAt?.toISOString() ?? null,
    lastError: n.lastError,
    createdAt: n.createdAt.toISOString(),
  }));
}
