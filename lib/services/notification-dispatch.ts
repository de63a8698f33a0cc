/**
 * The dispatcher: delivers the messages the NotificationService queued while the provider
 * was down. Each delivery goes through the same fault pipeline as sendEmail / sendSms (a
 * provider still down answers the same way), with bounded attempts: retry-after or backoff
 * between them, "failed" after the last. Time is the context's clock, so tests drive it.
 */
import { z } from 'zod';
import { resolveDeps, nowDate, type ServiceContext, type ServiceDeps } from './context';
import { invalidState, notFound } from './errors';
import { id } from './lookups';
import { defineOperation } from './operation';
import { fail, ok, type ServiceError, type ServiceResult } from './types';

/** Delivery attempts before a queued message is marked failed. */
export const MAX_DELIVERY_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;
const BATCH = 50;

const deliverInput = z.object({ notificationId: id }).strict();

export interface DispatchReport {
  sent: string[];
  /** Still queued, to be tried again at their nextAttemptAt. */
  retrying: string[];
  failed: string[];
}

const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));

export function createNotificationDispatcher(deps: ServiceDeps) {
  const ctx: ServiceContext = resolveDeps(deps);
  const { db } = ctx;

  /** Hands one queued row to the provider: "sent" only if no one else delivered it meanwhile. */
  const deliver = (channel: 'email' | 'sms') =>
    defineOperation<typeof deliverInput, { notificationId: string }>(ctx, {
      service: 'notification',
      operation: channel === 'email' ? 'sendEmail' : 'sendSms',
      input: deliverInput,
      scope: async (i) => {
        const row = await db.notification.findUnique({ where: { id: i.notificationId }, select: { customerId: true } });
        return { customerId: row?.customerId ?? undefined, channel };
      },
      run: async (i) => {
        const { count } = await db.notification.updateMany({
          where: { id: i.notificationId, status: 'queued' },
          data: {
            status: 'sent',
            sentAt: nowDate(ctx),
            attempts: { increment: 1 },
            nextAttemptAt: null,
            lastError: null,
          },
        });
        if (count === 1) return ok({ notificationId: i.notificationId });
        const exists = await db.notification.count({ where: { id: i.notificationId } });
        return fail(
          exists
            ? invalidState(`notification ${i.notificationId} is no longer queued.`)
            : notFound('notification', i.notificationId),
        );
      },
    });
  const deliverBy = { email: deliver('email'), sms: deliver('sms') };

  async function recordFailure(
    notificationId: string,
    attempts: number,
    error: ServiceError,
  ): Promise<'retrying' | 'failed'> {
    const giveUp = !error.retryable || attempts >= MAX_DELIVERY_ATTEMPTS;
    await db.notification.updateMany({
      where: { id: notificationId, status: 'queued' },
      data: giveUp
        ? { status: 'failed', attempts, nextAttemptAt: null, lastError: `${error.code}: ${error.message}` }
        : {
            attempts,
            nextAttemptAt: new Date(ctx.clock.now() + (error.retryAfterMs ?? backoffMs(attempts))),
            lastError: `${error.code}: ${error.message}`,
          },
    });
    return giveUp ? 'failed' : 'retrying';
  }

  return {
    /** Tries every queued message that is due now, oldest first. */
    async dispatchDue(): Promise<ServiceResult<DispatchReport>> {
      const due = await db.notification.findMany({
        where: { status: 'queued', nextAttemptAt: { lte: nowDate(ctx) } },
        orderBy: [{ nextAttemptAt: 'asc' }, { id: 'asc' }],
        take: BATCH,
        select: { id: true, channel: true, attempts: true },
      });
      const report: DispatchReport = { sent: [], retrying: [], failed: [] };
      for (const row of due) {
        const result = await deliverBy[row.channel === 'sms' ? 'sms' : 'email']({ notificationId: row.id });
        if (result.ok) report.sent.push(row.id);
        else if (result.error.code !== 'invalid_state')
          report[await recordFailure(row.id, row.attempts + 1, result.error)].push(row.id);
      }
      return ok(report);
    },
  };
}

export type NotificationDispatcher = ReturnType<typeof createNotificationDispatcher>;

/**
 * Runs the dispatcher every `intervalMs` until stopped. The timer does not keep the process
 * alive, and a round never overlaps the previous one.
 */
export function startDispatchLoop(
  dispatcher: NotificationDispatcher,
  intervalMs: number,
  onError: (error: unknown) => void,
): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    dispatcher
      .dispatchDue()
      .catch(onError)
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
