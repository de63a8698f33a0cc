/**
 * NotificationService: emails and SMS to a customer, stored as Notification rows
 * (the outbox the UI shows). The address comes from the customer row, never the caller.
 * A message the provider cannot take now is queued (status "queued") and delivered
 * later by the dispatcher (notification-dispatch.ts); a sent one has status "sent".
 */
import { z } from 'zod';
import { nowDate, type ServiceContext } from './context';
import { badRequest, notFound } from './errors';
import { id, otherCustomer } from './lookups';
import { defineOperation, type Reshaped } from './operation';
import { fail, ok, type ServiceResult } from './types';
import { validate } from './validation';
import { toolCallKey, type ToolCallRef } from '@/lib/runtime/tool-span';

const emailInput = z
  .object({
    customerId: id,
    orderId: id.optional(),
    subject: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(10_000),
  })
  .strict();
const smsInput = z
  .object({ customerId: id, orderId: id.optional(), body: z.string().trim().min(1).max(1600) })
  .strict();
const queueInput = z
  .object({
    customerId: id,
    orderId: id.optional(),
    channel: z.enum(['email', 'sms']),
    subject: z.string().trim().max(200).optional(),
    body: z.string().trim().min(1).max(10_000),
  })
  .strict()
  .refine((i) => i.channel === 'sms' || (i.subject ?? '').length > 0, {
    message: 'an email needs a subject',
    path: ['subject'],
  });
const statusInput = z.object({ notificationId: id }).strict();
const listInput = z.object({ limit: z.int().min(1).max(500).optional(), orderId: id.optional() }).strict();

type Channel = 'email' | 'sms';
type SendInput = { customerId: string; orderId?: string; subject?: string; body: string };

export type NotificationStatus = 'sent' | 'queued' | 'failed';

export interface SentValue {
  notificationId: string;
  channel: Channel;
  to: string;
}

export interface QueuedValue extends SentValue {
  status: 'queued';
}

/** What the outbox recorded for a message: where it really went, and whether it is out yet. */
export type NotificationRecord =
  | { found: false; notificationId: string }
  | {
      found: true;
      notificationId: string;
      customerId: string | null;
      channel: Channel;
      to: string;
      status: NotificationStatus;
    };

export interface OutboxEntry {
  id: string;
  orderId: string | null;
  customerId: string | null;
  channel: string;
  to: string;
  subject: string;
  body: string;
  status: NotificationStatus;
  attempts: number;
  sentAt: string | null;
  createdAt: string;
}

export function createNotificationService(ctx: ServiceContext) {
  const { db } = ctx;

  /** Writes the message as handed to the provider (sent) or left for the dispatcher (queued). */
  async function write(
    channel: Channel,
    input: SendInput,
    status: 'sent' | 'queued',
    call: ToolCallRef | undefined,
  ): Promise<ServiceResult<SentValue>> {
    const customer = await db.customer.findUnique({ where: { id: input.customerId } });
    if (!customer) return fail(notFound('customer', input.customerId));
    if (input.orderId) {
      const order = await db.order.findUnique({ where: { id: input.orderId }, select: { customerId: true } });
      if (!order) return fail(notFound('order', input.orderId));
      if (order.customerId !== customer.id)
        return fail(badRequest('orderId', `order ${input.orderId} belongs to another customer.`));
    }
    const to = channel === 'email' ? customer.email : customer.phone;
    const row = await db.notification.create({
      data: {
        id: ctx.ids('ntf'),
        requestKey: toolCallKey(call) ?? null,
        channel,
        to,
        customerId: customer.id,
        orderId: input.orderId ?? null,
        subject: input.subject ?? '',
        body: input.body,
        createdAt: nowDate(ctx),
        status,
        ...(status === 'sent' ? { sentAt: nowDate(ctx) } : { nextAttemptAt: nowDate(ctx) }),
      },
    });
    return ok({ notificationId: row.id, channel, to });
  }

  /**
   * The message this very call already sent (a resumed run making again the call it was waiting on
   * when its process stopped): answered as it was, nothing sent twice.
   */
  async function sentBefore(channel: Channel, call: ToolCallRef | undefined): Promise<ServiceResult<SentValue> | null> {
    const requestKey = toolCallKey(call);
    if (!requestKey) return null;
    const row = await db.notification.findUnique({ where: { requestKey }, select: { id: true, to: true } });
    return row ? ok({ notificationId: row.id, channel, to: row.to }) : null;
  }

  /** Says the message went to another customer's address. */
  async function otherRecipient<V extends { channel: Channel; to: string }>(
    value: V,
    customerId: string,
  ): Promise<Reshaped<V> | null> {
    const other = await otherCustomer(db, customerId);
    if (!other) return null;
    const shown = value.channel === 'email' ? other.email : other.phone;
    return { value: { ...value, to: shown }, detail: `to ${value.to} shown as ${shown}` };
  }

  const operation = <S extends z.ZodType<SendInput>>(channel: Channel, input: S) =>
    defineOperation<S, SentValue>(ctx, {
      service: 'notification',
      operation: channel === 'email' ? 'sendEmail' : 'sendSms',
      input,
      scope: async (i) => ({ customerId: i.customerId, channel }),
      replay: (_i, call) => sentBefore(channel, call),
      run: (i, _forced, call) => write(channel, i, 'sent', call),
      reshape: { corrupted_reply: (value, _decision, i) => otherRecipient(value, i.customerId) },
    });

  return {
    sendEmail: operation('email', emailInput),
    sendSms: operation('sms', smsInput),

    /**
     * Keeps a message in the outbox for the dispatcher to deliver once the provider is back: no provider
     * is involved, so the provider being down does not stop it (other faults may).
     */
    queue: defineOperation<typeof queueInput, QueuedValue>(ctx, {
      service: 'notification',
      operation: 'queue',
      input: queueInput,
      scope: async (i) => ({ customerId: i.customerId, channel: i.channel }),
      replay: async (i, call) => {
        const before = await sentBefore(i.channel, call);
        return before?.ok ? ok({ ...before.value, status: 'queued' as const }) : null;
      },
      run: async (i, _forced, call) => {
        const result = await write(i.channel, i, 'queued', call);
        return result.ok ? ok({ ...result.value, status: 'queued' }) : result;
      },
      reshape: {
        corrupted_reply: async (value, _decision, i) => {
          const shown = await otherRecipient(value, i.customerId);
          return shown ? { value: { ...shown.value, status: 'queued' }, detail: shown.detail } : null;
        },
      },
    }),

    /** The outbox's record of one message: to check a reply (the provider's word) against what was stored. */
    status: defineOperation<typeof statusInput, NotificationRecord>(ctx, {
      service: 'notification',
      operation: 'status',
      input: statusInput,
      run: async (i) => {
        const row = await db.notification.findUnique({ where: { id: i.notificationId } });
        return ok(
          row
            ? {
                found: true,
                notificationId: row.id,
                customerId: row.customerId,
                channel: row.channel === 'sms' ? 'sms' : 'email',
                to: row.to,
                status: notificationStatus(row.status),
              }
            : { found: false, notificationId: i.notificationId },
        );
      },
      reshape: {
        corrupted_reply: async (value) => {
          if (!value.found || !value.customerId) return null;
          const shown = await otherRecipient(value, value.customerId);
          return shown ? { value: { ...value, to: shown.value.to }, detail: shown.detail } : null;
        },
      },
    }),

    /** The outbox, newest first. A view for the UI, not an agent's tool: no faults apply. */
    async list(raw: z.input<typeof listInput> = {}): Promise<ServiceResult<{ notifications: OutboxEntry[] }>> {
      const input = validate(listInput, raw);
      if (!input.ok) return input;
      const rows = await db.notification.findMany({
        where: input.value.orderId ? { orderId: input.value.orderId } : {},
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: input.value.limit ?? 50,
      });
      return ok({
        notifications: rows.map((r) => ({
          id: r.id,
          orderId: r.orderId,
          customerId: r.customerId,
          channel: r.channel,
          to: r.to,
          subject: r.subject,
          body: r.body,
          status: notificationStatus(r.status),
          attempts: r.attempts,
          sentAt: r.sentAt?.toISOString() ?? null,
          createdAt: r.createdAt.toISOString(),
        })),
      });
    },
  };
}

/** A row's status as the outbox shows it (rows are written only by this service, so anything else is a bug shown as failed). */
export function notificationStatus(status: string): NotificationStatus {
  return status === 'sent' || status === 'queued' ? status : 'failed';
}

export type NotificationService = ReturnType<typeof createNotificationService>;
