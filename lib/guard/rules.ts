import { z } from 'zod';
import { TOOLS } from '@/lib/protocol/agents';
import type { OwnershipReader, RunGuard, RunScope } from './run-scope';

/**
 * One scope rule per specialist tool, checked before the tool reaches its service. A rule reads
 * the call's input the way the service will (ids trimmed, as the services' schemas trim them) and
 * answers whether the call stays inside the run: its order, its customer, its own payments,
 * labels, cards, card requests and messages, and amounts within the order's. An id that names
 * nothing is let through: the service answers not_found, which is the truth the model needs.
 */

export type SpecialistToolName = Exclude<(typeof TOOLS)[keyof typeof TOOLS], typeof TOOLS.wait>;

export type GuardVerdict = { allowed: true } | { allowed: false; message: string };

type Rule = (input: unknown, guard: RunGuard) => Promise<GuardVerdict>;

const ALLOWED: GuardVerdict = { allowed: true };
const refuse = (message: string): GuardVerdict => ({ allowed: false, message });

/** An id as the services read it (their schemas trim). Anything else the tool schema let through is kept as is. */
const id = z.string().transform((s) => s.trim());
const amount = z.number();

/** The first refusal among checks made in order, or allowed. */
async function firstRefusal(...checks: (() => GuardVerdict | Promise<GuardVerdict>)[]): Promise<GuardVerdict> {
  for (const check of checks) {
    const verdict = await check();
    if (!verdict.allowed) return verdict;
  }
  return ALLOWED;
}

const scopeLine = (scope: RunScope) => `This run acts only on order ${scope.orderId} of customer ${scope.customerId}.`;

function ownOrder(scope: RunScope, orderId: string | undefined, field = 'orderId'): GuardVerdict {
  if (orderId === undefined || orderId === scope.orderId) return ALLOWED;
  return refuse(`${field} ${orderId} is not this run's order. ${scopeLine(scope)}`);
}

function ownCustomer(scope: RunScope, customerId: string): GuardVerdict {
  if (customerId === scope.customerId) return ALLOWED;
  return refuse(`customerId ${customerId} is not this run's customer. ${scopeLine(scope)}`);
}

function atMost(field: string, cents: number, cap: number, what: string): GuardVerdict {
  return cents <= cap ? ALLOWED : refuse(`${field} ${cents} is more than ${what} (${cap} cents).`);
}

/** A payment the call names must be this order's (its kind is the service's to check). */
async function ownPayment(
  reader: OwnershipReader,
  scope: RunScope,
  field: string,
  paymentId: string,
): Promise<GuardVerdict> {
  const row = await reader.payment(paymentId);
  if (!row) return ALLOWED;
  return row.orderId === scope.orderId
    ? ALLOWED
    : refuse(`${field} ${paymentId} belongs to another order. ${scopeLine(scope)}`);
}

/** Parses the input with the rule's view of it; input the guard cannot read is refused rather than waved through. */
function rule<S extends z.ZodType>(
  schema: S,
  check: (input: z.output<S>, guard: RunGuard) => Promise<GuardVerdict> | GuardVerdict,
): Rule {
  return async (raw, guard) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      return refuse(
        `the guard could not read this call's input (${parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ')}). ${scopeLine(guard.scope)}`,
      );
    return check(parsed.data, guard);
  };
}

const orderOnly = rule(z.object({ orderId: id }), ({ orderId }, { scope }) => ownOrder(scope, orderId));
const customerOnly = rule(z.object({ customerId: id }), ({ customerId }, { scope }) => ownCustomer(scope, customerId));

/** Messages go to the run's customer only, about the run's order only. */
const message = rule(z.object({ customerId: id, orderId: id.optional() }), ({ customerId, orderId }, { scope }) =>
  firstRefusal(
    () => {
      const verdict = ownCustomer(scope, customerId);
      return verdict.allowed
        ? verdict
        : refuse(
            `${verdict.message} Messages go only to ${scope.contacts.email} / ${scope.contacts.phone}, on file for this run's customer.`,
          );
    },
    () => ownOrder(scope, orderId),
  ),
);

export const RULES: Record<SpecialistToolName, Rule> = {
  // Stock levels by SKU: names no order, customer or money.
  [TOOLS.inventoryCheck]: async () => ALLOWED,
  [TOOLS.inventoryReserve]: orderOnly,
  [TOOLS.inventoryRelease]: orderOnly,
  [TOOLS.inventoryCommit]: orderOnly,

  [TOOLS.paymentAuthorize]: rule(
    z.object({ orderId: id, paymentMethodId: id, amountCents: amount }),
    (input, { scope, reader }) =>
      firstRefusal(
        () => ownOrder(scope, input.orderId),
        async () => {
          const card = await reader.paymentMethod(input.paymentMethodId);
          return !card || card.customerId === scope.customerId
            ? ALLOWED
            : refuse(`paymentMethodId ${input.paymentMethodId} is another customer's card. ${scopeLine(scope)}`);
        },
        () => atMost('amountCents', input.amountCents, scope.totalCents, "the order's total"),
      ),
  ),
  [TOOLS.paymentCapture]: rule(
    z.object({ orderId: id, authorizationId: id, amountCents: amount }),
    (input, { scope, reader }) =>
      firstRefusal(
        () => ownOrder(scope, input.orderId),
        () => ownPayment(reader, scope, 'authorizationId', input.authorizationId),
        () => atMost('amountCents', input.amountCents, scope.totalCents, "the order's total"),
      ),
  ),
  [TOOLS.paymentVoid]: rule(z.object({ orderId: id, authorizationId: id }), (input, { scope, reader }) =>
    firstRefusal(
      () => ownOrder(scope, input.orderId),
      () => ownPayment(reader, scope, 'authorizationId', input.authorizationId),
    ),
  ),
  [TOOLS.paymentRefund]: rule(
    z.object({ orderId: id, captureId: id, amountCents: amount }),
    (input, { scope, reader }) =>
      firstRefusal(
        () => ownOrder(scope, input.orderId),
        () => ownPayment(reader, scope, 'captureId', input.captureId),
        async () => {
          const { capturedCents, refundedCents } = await reader.paymentTotals(scope.orderId);
          return atMost(
            'amountCents',
            input.amountCents,
            Math.max(0, capturedCents - refundedCents),
            'what this order captured and has not refunded',
          );
        },
      ),
  ),
  // The ledger by key: a key of another order's payment would read that order's record.
  [TOOLS.paymentStatus]: rule(z.object({ idempotencyKey: id }), async ({ idempotencyKey }, { scope, reader }) => {
    const row = await reader.paymentByKey(idempotencyKey);
    return !row || row.orderId === scope.orderId
      ? ALLOWED
      : refuse(`idempotencyKey ${idempotencyKey} is another order's payment. ${scopeLine(scope)}`);
  }),

  [TOOLS.shippingQuote]: orderOnly,
  [TOOLS.shippingCreateLabel]: orderOnly,
  [TOOLS.shippingHold]: orderOnly,
  [TOOLS.shippingCancelLabel]: rule(z.object({ orderId: id, labelId: id }), (input, { scope, reader }) =>
    firstRefusal(
      () => ownOrder(scope, input.orderId),
      async () => {
        const shipment = await reader.shipmentByLabel(input.labelId);
        return !shipment || shipment.orderId === scope.orderId
          ? ALLOWED
          : refuse(`labelId ${input.labelId} is another order's label. ${scopeLine(scope)}`);
      },
    ),
  ),

  [TOOLS.notificationSendEmail]: message,
  [TOOLS.notificationSendSms]: message,
  [TOOLS.notificationQueue]: message,
  [TOOLS.notificationStatus]: rule(z.object({ notificationId: id }), async ({ notificationId }, { scope, reader }) => {
    const row = await reader.notification(notificationId);
    const ours =
      !row || row.customerId === scope.customerId || (row.customerId === null && row.orderId === scope.orderId);
    return ours
      ? ALLOWED
      : refuse(`notificationId ${notificationId} is a message to another customer. ${scopeLine(scope)}`);
  }),

  [TOOLS.customerGetProfile]: customerOnly,
  [TOOLS.customerListPaymentMethods]: customerOnly,
  [TOOLS.customerRequestNewCard]: rule(
    z.object({ customerId: id, orderId: id.optional() }),
    ({ customerId, orderId }, { scope }) =>
      firstRefusal(
        () => ownCustomer(scope, customerId),
        () => ownOrder(scope, orderId),
      ),
  ),
  [TOOLS.customerCheckCardRequest]: rule(z.object({ requestId: id }), async ({ requestId }, { scope, reader }) => {
    const request = await reader.cardRequest(requestId);
    return !request || request.customerId === scope.customerId
      ? ALLOWED
      : refuse(`requestId ${requestId} is another customer's card request. ${scopeLine(scope)}`);
  }),
};

function isSpecialistTool(toolName: string): toolName is SpecialistToolName {
  return Object.hasOwn(RULES, toolName);
}

/** Whether a specialist's call stays inside the run. A tool without a rule is refused: a new tool gets a rule before it can run. */
export function checkToolCall(guard: RunGuard, toolName: string, input: unknown): Promise<GuardVerdict> {
  if (!isSpecialistTool(toolName))
    return Promise.resolve(refuse(`${toolName} has no scope rule, so it may not run. ${scopeLine(guard.scope)}`));
  return RULES[toolName](input, guard);
}
