import { z } from 'zod';
import type { SpecialistName } from './agents';

/**
 * The machine-readable part of what agents say to each other. Prose travels beside
 * it (a real LLM reads the prose); the offline planner reads these.
 */

export const checkoutGoalSchema = z.object({
  goal: z.literal('complete_order'),
  orderId: z.string(),
  customerId: z.string(),
  amountCents: z.number().int(),
  currency: z.string().default('USD'),
  items: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
  /** The customer's contact on file, so that a notification's reply can be checked against it. */
  contact: z.object({ email: z.string(), phone: z.string() }).optional(),
});
export type CheckoutGoal = z.infer<typeof checkoutGoalSchema>;

const id = z.string().min(1);

export const customerTaskSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('get_profile'), customerId: id }),
  z.object({ action: z.literal('list_payment_methods'), customerId: id }),
  z.object({ action: z.literal('request_new_card'), customerId: id, orderId: id }),
  z.object({ action: z.literal('await_new_card'), requestId: id, maxWaitMs: z.number().int().min(0).max(60_000) }),
]);

const skuQuantities = z.array(z.object({ sku: id, quantity: z.number().int().min(1) }));
/** The order's items, when the asker knows them: the reply's quantities are checked against them. */
const orderItems = skuQuantities.optional();

export const inventoryTaskSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('check'), items: skuQuantities }),
  z.object({ action: z.literal('reserve'), orderId: id, items: orderItems }),
  z.object({ action: z.literal('release'), orderId: id, items: orderItems }),
  z.object({ action: z.literal('commit'), orderId: id, items: orderItems }),
]);

export const paymentTaskSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('authorize'),
    orderId: id,
    paymentMethodId: id,
    amountCents: z.number().int(),
    idempotencyKey: id,
  }),
  z.object({
    action: z.literal('capture'),
    orderId: id,
    authorizationId: id,
    amountCents: z.number().int(),
    idempotencyKey: id,
  }),
  z.object({ action: z.literal('void'), orderId: id, authorizationId: id, idempotencyKey: id }),
  z.object({
    action: z.literal('refund'),
    orderId: id,
    captureId: id,
    amountCents: z.number().int(),
    idempotencyKey: id,
  }),
]);

export const shippingTaskSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('quote'), orderId: id }),
  z.object({ action: z.literal('ship'), orderId: id }),
  z.object({ action: z.literal('cancel_label'), orderId: id, labelId: id }),
]);

export const notificationTaskSchema = z.object({
  action: z.literal('notify'),
  customerId: id,
  orderId: id,
  /** What the message is about; the agent picks the channel. */
  topic: z.enum(['confirmation', 'failure', 'delay', 'card_request']),
  subject: z.string(),
  body: z.string(),
  /** The email address on file, when the asker knows it: the reply's recipient is checked against it. */
  to: z.string().optional(),
});

export type CustomerTask = z.infer<typeof customerTaskSchema>;
export type InventoryTask = z.infer<typeof inventoryTaskSchema>;
export type PaymentTask = z.infer<typeof paymentTaskSchema>;
export type ShippingTask = z.infer<typeof shippingTaskSchema>;
export type NotificationTask = z.infer<typeof notificationTaskSchema>;
export type SpecialistTask = CustomerTask | InventoryTask | PaymentTask | ShippingTask | NotificationTask;

/** What a specialist answers: the input of its `answer` tool (or, leniently, a JSON object in its last words). */
export const specialistAnswerSchema = z.object({
  action: z.string().describe('The task action you were given.'),
  status: z.enum(['ok', 'failed']).describe('ok when the task is done and verified; failed otherwise.'),
  // A loose object, not a record: a record's JSON schema carries propertyNames, which OpenAI's API refuses.
  result: z.looseObject({}).optional().describe('What you did: the ids, amounts and states your tools returned.'),
  error: z
    .object({ code: z.string(), message: z.string(), retryable: z.boolean().optional() })
    .optional()
    .describe('Why it failed: the error code and message your tools returned.'),
});
export type SpecialistAnswer = z.infer<typeof specialistAnswerSchema>;

/** How the CheckoutAgent ends: the input of its `finish_checkout` tool. */
export const checkoutOutcomeSchema = z.object({
  orderStatus: z
    .enum(['placed', 'failed'])
    .describe('placed once paid, stock committed and shipped (or held); failed otherwise.'),
  reason: z.string().min(1).max(2000).describe('One or two sentences for people: what happened and why.'),
  needsReview: z.boolean().optional().describe('true when something could not be undone and a person must look.'),
});
export type CheckoutOutcome = z.infer<typeof checkoutOutcomeSchema>;

/** Each specialist's task union: the `task` of its ask_* tool, so a model sees every action and field. */
export const TASK_SCHEMA_OF: Record<SpecialistName, z.ZodType<SpecialistTask>> = {
  InventoryAgent: inventoryTaskSchema,
  PaymentAgent: paymentTaskSchema,
  ShippingAgent: shippingTaskSchema,
  NotificationAgent: notificationTaskSchema,
  CustomerAgent: customerTaskSchema,
};
