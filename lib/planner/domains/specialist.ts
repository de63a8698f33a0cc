import { ANSWER_TOOL, TOOLS } from '@/lib/protocol/agents';
import {
  customerTaskSchema,
  inventoryTaskSchema,
  notificationTaskSchema,
  paymentTaskSchema,
  shippingTaskSchema,
  type CustomerTask,
  type InventoryTask,
  type NotificationTask,
  type PaymentTask,
  type ShippingTask,
} from '@/lib/protocol/tasks';
import type { z } from 'zod';
import type { Domain } from '../domain';
import type { State } from '../strips';
import { specialistAnswer } from './answer';
import {
  attemptKey,
  observeOperation,
  operationActions,
  operationGoals,
  operationOkRanks,
  type SpecialistOperation,
} from './operation';
import { awaitCardDomainParts } from './await-card';
import { shipDomainParts } from './ship';
import type { TaskParts } from './task-parts';

export function fromOperation<Task>(spec: SpecialistOperation<Task>): TaskParts<Task> {
  return {
    observe: (task, observations) => observeOperation(spec, task, observations),
    actions: (task, facts) => operationActions(spec, task, facts),
    goals: () => operationGoals(spec),
    result: (_task, facts) => facts.get<Record<string, unknown>>('result') ?? {},
    okRanks: operationOkRanks(spec),
  };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const differs = (pairs: [string, unknown, unknown][]): string[] =>
  pairs.filter(([, a, b]) => a !== undefined && a !== b).map(([name]) => name);

// ---- PaymentAgent -----------------------------------------------------------------------
type Authorize = Extract<PaymentTask, { action: 'authorize' }>;
type Capture = Extract<PaymentTask, { action: 'capture' }>;
type Void = Extract<PaymentTask, { action: 'void' }>;
type Refund = Extract<PaymentTask, { action: 'refund' }>;

const authorizeSpec: SpecialistOperation<Authorize> = {
  op: 'authorize',
  tool: TOOLS.paymentAuthorize,
  input: (t, n) => ({
    orderId: t.orderId,
    paymentMethodId: t.paymentMethodId,
    amountCents: t.amountCents,
    idempotencyKey: attemptKey(t.idempotencyKey, n),
  }),
  verify: (t, v) =>
    differs([
      ['amountCents', num(v.amountCents), t.amountCents],
      ['paymentMethodId', v.paymentMethodId, t.paymentMethodId],
      ['orderId', v.orderId, t.orderId],
    ]),
  status: {
    tool: TOOLS.paymentStatus,
    confirms: (t, r) => r.kind === 'authorization' && r.amountCents === t.amountCents,
    toResult: (r) => ({
      authorizationId: r.paymentId,
      orderId: r.orderId,
      amountCents: r.amountCents,
      status: 'authorized',
    }),
  },
  undo: {
    tool: TOOLS.paymentVoid,
    input: (t, v) => ({
      orderId: t.orderId,
      authorizationId: v.authorizationId,
      idempotencyKey: `${t.idempotencyKey}:undo`,
    }),
    redo: true,
  },
};

const captureSpec: SpecialistOperation<Capture> = {
  op: 'capture',
  tool: TOOLS.paymentCapture,
  input: (t, n) => ({
    orderId: t.orderId,
    authorizationId: t.authorizationId,
    amountCents: t.amountCents,
    idempotencyKey: attemptKey(t.idempotencyKey, n),
  }),
  verify: (t, v) =>
    differs([
      ['amountCents', num(v.amountCents), t.amountCents],
      ['orderId', v.orderId, t.orderId],
    ]),
  status: {
    tool: TOOLS.paymentStatus,
    confirms: (t, r) => r.kind === 'capture' && r.amountCents === t.amountCents,
    toResult: (r) => ({ captureId: r.paymentId, orderId: r.orderId, amountCents: r.amountCents, status: 'captured' }),
  },
  // A payment is captured at most once per order: a wrong capture is refunded, never redone.
  // The refund is for what was asked: the reply (and even the record) showing another amount may itself be the corrupted part.
  undo: {
    tool: TOOLS.paymentRefund,
    input: (t, v) => ({
      orderId: t.orderId,
      captureId: v.captureId,
      amountCents: t.amountCents,
      idempotencyKey: `${t.idempotencyKey}:undo`,
    }),
    redo: false,
  },
};

const voidSpec: SpecialistOperation<Void> = {
  op: 'void',
  tool: TOOLS.paymentVoid,
  input: (t, n) => ({
    orderId: t.orderId,
    authorizationId: t.authorizationId,
    idempotencyKey: attemptKey(t.idempotencyKey, n),
  }),
  status: {
    tool: TOOLS.paymentStatus,
    confirms: (_t, r) => r.kind === 'void',
    toResult: (r) => ({ voidId: r.paymentId, status: 'voided' }),
  },
};

const refundSpec: SpecialistOperation<Refund> = {
  op: 'refund',
  tool: TOOLS.paymentRefund,
  input: (t, n) => ({
    orderId: t.orderId,
    captureId: t.captureId,
    amountCents: t.amountCents,
    idempotencyKey: attemptKey(t.idempotencyKey, n),
  }),
  verify: (t, v) => differs([['amountCents', num(v.amountCents), t.amountCents]]),
  status: {
    tool: TOOLS.paymentStatus,
    confirms: (t, r) => r.kind === 'refund' && r.amountCents === t.amountCents,
    toResult: (r) => ({ refundId: r.paymentId, amountCents: r.amountCents, status: 'refunded' }),
  },
};

// ---- InventoryAgent ---------------------------------------------------------------------
const orderScoped = <T extends { orderId: string }>(op: string, tool: string): SpecialistOperation<T> => ({
  op,
  tool,
  input: (t) => ({ orderId: t.orderId }),
  verify: (t, v) => differs([['orderId', v.orderId, t.orderId]]),
});

interface SkuQuantity {
  sku: string;
  quantity: number;
}
/** Quantities per SKU, summed and sorted, as one comparable string. */
const canonicalItems = (items: unknown): string | null => {
  if (!Array.isArray(items)) return null;
  const sums = new Map<string, number>();
  for (const i of items as Partial<SkuQuantity>[])
    sums.set(String(i.sku), (sums.get(String(i.sku)) ?? 0) + Number(i.quantity));
  return [...sums]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([sku, q]) => `${sku}×${q}`)
    .join(',');
};

type StockTask = { orderId: string; items?: SkuQuantity[] };
/**
 * Reserve, release and commit: each answers with the quantities it moved, checked against the order's
 * items when the task carries them. All three are idempotent per order, so a wrong reply is asked again
 * (a release asked again finds nothing left to release: an empty answer is the truth then).
 */
const stockSpec = <T extends StockTask>(
  op: string,
  tool: string,
  field: 'items' | 'released' | 'committed',
  emptyIsTrue = false,
): SpecialistOperation<T> => ({
  ...orderScoped<T>(op, tool),
  verify: (t, v) => {
    const wrong = differs([['orderId', v.orderId, t.orderId]]);
    const got = canonicalItems(v[field]);
    if (t.items && got !== canonicalItems(t.items) && !(emptyIsTrue && got === '')) wrong.push(`${field}.quantity`);
    return wrong;
  },
  repeatable: true,
});

type Check = Extract<InventoryTask, { action: 'check' }>;
const checkSpec: SpecialistOperation<Check> = {
  op: 'check',
  tool: TOOLS.inventoryCheck,
  input: (t) => ({ items: t.items }),
  verify: (t, v) => {
    const got = Array.isArray(v.items) ? (v.items as { sku?: unknown }[]).map((i) => String(i.sku)).sort() : [];
    const asked = t.items.map((i) => i.sku).sort();
    return got.join(',') === asked.join(',') ? [] : ['items.sku'];
  },
  repeatable: true,
};

// ---- CustomerAgent / NotificationAgent / ShippingAgent -------------------------------
const customerScoped = <T extends { customerId: string }>(op: string, tool: string): SpecialistOperation<T> => ({
  op,
  tool,
  input: (t) => ({ customerId: t.customerId }),
  verify: (t, v) => differs([['customerId', v.customerId ?? (v as { id?: unknown }).id, t.customerId]]),
});

const CARD_ROLES = ['primary', 'backup'];
const CARD_STATUSES = ['active', 'expired', 'disabled'];
type ListMethods = Extract<CustomerTask, { action: 'list_payment_methods' }>;
const listMethodsSpec: SpecialistOperation<ListMethods> = {
  ...customerScoped<ListMethods>('list_payment_methods', TOOLS.customerListPaymentMethods),
  verify: (t, v) => {
    const wrong = differs([['customerId', v.customerId, t.customerId]]);
    const methods = Array.isArray(v.methods) ? (v.methods as Record<string, unknown>[]) : null;
    if (!methods) return [...wrong, 'methods'];
    if (methods.some((m) => typeof m.id !== 'string' || m.id === '')) wrong.push('methods.id');
    if (methods.some((m) => !CARD_ROLES.includes(String(m.role)))) wrong.push('methods.role');
    if (methods.some((m) => !CARD_STATUSES.includes(String(m.status)))) wrong.push('methods.status');
    return wrong;
  },
  // Writing a card off on one reading could cost the sale: a card shown unusable is read again first.
  // (A card wrongly shown usable is caught by the issuer at authorization.)
  confirmByRepeat: (_t, v) => (v.methods as Record<string, unknown>[]).some((m) => m.status !== 'active'),
  repeatable: true,
};

type RequestCard = Extract<CustomerTask, { action: 'request_new_card' }>;
const requestCardSpec: SpecialistOperation<RequestCard> = {
  op: 'request_new_card',
  tool: TOOLS.customerRequestNewCard,
  input: (t) => ({ customerId: t.customerId, orderId: t.orderId }),
  verify: (_t, v) => [
    ...(typeof v.requestId === 'string' && v.requestId !== '' ? [] : ['requestId']),
    ...differs([['status', v.status, 'pending']]),
  ],
  // Not confirmed by asking again: a request is a write, and once the card has arrived (soon, on a slow
  // machine) asking again opens a second request with another id, so two honest replies disagree.
  // The id is checked when the CustomerAgent looks the request up (await_new_card).
  repeatable: true,
};

const notificationRecord = {
  tool: TOOLS.notificationStatus,
  lookup: (_t: NotificationTask, reply: Record<string, unknown>) => ({
    notificationId: String(reply.notificationId ?? ''),
  }),
  // A message is through once the outbox holds it, sent or queued.
  succeeded: (r: Record<string, unknown>) => r.found === true && (r.status === 'sent' || r.status === 'queued'),
  confirms: (t: NotificationTask, r: Record<string, unknown>) => t.to === undefined || r.to === t.to,
};
const notifySpec: SpecialistOperation<NotificationTask> = {
  op: 'send_email',
  tool: TOOLS.notificationSendEmail,
  input: (t) => ({ customerId: t.customerId, orderId: t.orderId, subject: t.subject, body: t.body }),
  // The address comes from the customer row, never the caller: a reply naming another one is checked against the outbox.
  verify: (t, v) => differs([['to', v.to, t.to]]).filter(() => t.to !== undefined),
  status: {
    ...notificationRecord,
    toResult: (r) => ({ notificationId: r.notificationId, channel: r.channel, to: r.to, status: r.status }),
  },
  // The provider staying down is no reason to lose the message: the outbox delivers it once it is back.
  defer: {
    op: 'queue_notification',
    tool: TOOLS.notificationQueue,
    input: (t) => ({
      customerId: t.customerId,
      orderId: t.orderId,
      channel: 'email',
      subject: t.subject,
      body: t.body,
    }),
  },
};

type Quote = Extract<ShippingTask, { action: 'quote' }>;
type CancelLabel = Extract<ShippingTask, { action: 'cancel_label' }>;
const quoteSpec: SpecialistOperation<Quote> = orderScoped('quote', TOOLS.shippingQuote);
const cancelLabelSpec: SpecialistOperation<CancelLabel> = {
  op: 'cancel_label',
  tool: TOOLS.shippingCancelLabel,
  input: (t) => ({ orderId: t.orderId, labelId: t.labelId }),
  verify: (t, v) =>
    differs([
      ['labelId', v.labelId, t.labelId],
      ['status', v.status, 'cancelled'],
    ]),
  // Cancelling a cancelled label answers the same: a wrong reply is asked again.
  repeatable: true,
};

type AnyParts = TaskParts<never>;
interface SpecialistDefinition<Task extends { action: string }> {
  agent: string;
  requiredTools: string[];
  schema: z.ZodType<Task>;
  parts: { [A in Task['action']]: TaskParts<Extract<Task, { action: A }>> };
}

function specialistDomain<Task extends { action: string }>(def: SpecialistDefinition<Task>): Domain<Task> {
  const partsOf = (task: Task) => (def.parts as Record<string, AnyParts>)[task.action] as unknown as TaskParts<Task>;
  return {
    agent: def.agent,
    requiredTools: def.requiredTools,
    finishTool: ANSWER_TOOL,
    parseBrief: (brief) => {
      const parsed = def.schema.safeParse(brief);
      return parsed.success ? parsed.data : null;
    },
    observe: (task, observations) => partsOf(task).observe(task, observations),
    actions: (task, facts) => {
      const actions = partsOf(task).actions(task, facts);
      return (_state: State) => actions;
    },
    goals: (task, facts) => partsOf(task).goals(task, facts),
    finish: (task, facts, rank) => {
      if ((partsOf(task).okRanks ?? [0]).includes(rank))
        return specialistAnswer({ action: task.action, status: 'ok', result: partsOf(task).result(task, facts) });
      const error = facts.get<{ code: string; message: string; retryable?: boolean }>('lastError') ?? {
        code: facts.has('exhausted') ? 'retries_exhausted' : 'not_done',
        message: `Could not complete ${task.action}.`,
      };
      return specialistAnswer({
        action: task.action,
        status: 'failed',
        error: { code: error.code, message: error.message, retryable: error.retryable ?? false },
        result: facts.get('partial'),
      });
    },
  };
}

export const paymentDomain = specialistDomain<PaymentTask>({
  agent: 'PaymentAgent',
  requiredTools: [TOOLS.paymentAuthorize, TOOLS.paymentCapture],
  schema: paymentTaskSchema,
  parts: {
    authorize: fromOperation(authorizeSpec),
    capture: fromOperation(captureSpec),
    void: fromOperation(voidSpec),
    refund: fromOperation(refundSpec),
  },
});

export const inventoryDomain = specialistDomain<InventoryTask>({
  agent: 'InventoryAgent',
  requiredTools: [TOOLS.inventoryReserve],
  schema: inventoryTaskSchema,
  parts: {
    check: fromOperation(checkSpec),
    reserve: fromOperation({
      ...stockSpec('reserve', TOOLS.inventoryReserve, 'items'),
      undo: { tool: TOOLS.inventoryRelease, input: (t) => ({ orderId: t.orderId }), redo: false },
    }),
    release: fromOperation(stockSpec('release', TOOLS.inventoryRelease, 'released', true)),
    commit: fromOperation(stockSpec('commit', TOOLS.inventoryCommit, 'committed')),
  },
});

export const customerDomain = specialistDomain<CustomerTask>({
  agent: 'CustomerAgent',
  requiredTools: [TOOLS.customerListPaymentMethods],
  schema: customerTaskSchema,
  parts: {
    get_profile: fromOperation(customerScoped('get_profile', TOOLS.customerGetProfile)),
    list_payment_methods: fromOperation(listMethodsSpec),
    request_new_card: fromOperation(requestCardSpec),
    await_new_card: awaitCardDomainParts,
  },
});

export const notificationDomain = specialistDomain<NotificationTask>({
  agent: 'NotificationAgent',
  requiredTools: [TOOLS.notificationSendEmail],
  schema: notificationTaskSchema,
  parts: { notify: fromOperation(notifySpec) },
});

export const shippingDomain = specialistDomain<ShippingTask>({
  agent: 'ShippingAgent',
  requiredTools: [TOOLS.shippingCreateLabel],
  schema: shippingTaskSchema,
  parts: { quote: fromOperation(quoteSpec), ship: shipDomainParts, cancel_label: fromOperation(cancelLabelSpec) },
});
