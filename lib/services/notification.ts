/**
 * NotificationService: emails and SMS to a customer, stored as Notification rows
 * (the outbox the UI shows). The address comes from the customer row, never the caller.
 */
import { z } from 'zod';
import { nowDate, type ServiceContext } from './context';
import { badRequest, notFound } from './errors';
import { id, otherCustomer } from './lookups';
import { defineOperation, type Reshaped } from './operation';
import { fail, ok, type ServiceResult } from './types';
import { validate } from './validation';

const emailInput = z
  .object({ customerId: id, orderId: id.optional(), subject: z.string().trim().min(1).max(200), body: z.string().trim().min(1).max(10_000) })
  .strict();
const smsInput = z.object({ customerId: id, orderId: id.optional(), body: z.string().trim().min(1).max(1600) }).strict();
const listInput = z.object({ limit: z.int().min(1).max(500).optional(), orderId: id.optional() }).strict();

type Channel = 'email' | 'sms';
type SendInput = { customerId: string; orderId?: string; subject?: string; body: string };

export interface SentValue {
  notificationId: string;
  channel: Channel;
  to: string;
}

export interface OutboxEntry {
  id: string;
  orderId: string | null;
  customerId: string | null;
  channel: string;
  to: string;
  subject: string;
  body: string;
  createdAt: string;
}

export function createNotificationService(ctx: ServiceContext) {
  const { db } = ctx;

  async function send(channel: Channel, input: SendInput): Promise<ServiceResult<SentValue>> {
    const customer = await db.customer.findUnique({ where: { id: input.customerId } });
    if (!customer) return fail(notFound('customer', input.customerId));
    if (input.orderId) {
      const order = await db.order.findUnique({ where: { id: input.orderId }, select: { customerId: true } });
      if (!order) return fail(notFound('order', input.orderId));
      if (order.customerId !== customer.id) return fail(badRequest('orderId', `order ${input.orderId} belongs to another customer.`));
    }
    const to = channel === 'email' ? customer.email : customer.phone;
    const row = await db.notification.create({
      data: {
        id: ctx.ids('ntf'), channel, to, customerId: customer.id, orderId: input.orderId ?? null,
        subject: input.subject ?? '', body: input.body, createdAt: nowDate(ctx),
      },
    });
    return ok({ notificationId: row.id, channel, to });
  }

  /** Says the message went to another customer's address. */
  async function otherRecipient(value: SentValue, customerId: string): Promise<Reshaped<SentValue> | null> {
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
      run: (i) => send(channel, i),
      reshape: { corrupted_reply: (value, _decision, i) => otherRecipient(value, i.customerId) },
    });

  return {
    sendEmail: operation('email', emailInput),
    sendSms: operation('sms', smsInput),

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
          id: r.id, orderId: r.orderId, customerId: r.customerId, channel: r.channel, to: r.to, subject: r.subject, body: r.body,
          createdAt: r.createdAt.toISOString(),
        })),
      });
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
