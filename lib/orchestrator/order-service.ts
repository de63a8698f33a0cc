import type { Services } from '@/lib/services';
import type { ServiceName, ServiceResult } from '@/lib/services/types';
import type { ToolCallRef } from '@/lib/runtime/tool-span';
import type { Clock } from '@/lib/runtime/clock';
import type { Pacer } from '@/lib/runtime/pace';
import type { NewTraceEvent } from '@/lib/trace/events';

/**
 * "Today": the classic OrderService, the rigid path microservices are usually glued
 * with. Check stock, reserve it, charge the primary card, ship with the default
 * carrier, confirm by email; any failure throws, and one catch marks the order failed
 * and releases the stock. Nothing re-plans, nothing retries, nothing is verified.
 * It calls the same services and is recorded in the same trace format, so the UI and
 * the chaos scorecard can put it beside the agents.
 */

export class CheckoutError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name =
      code === 'payment'
        ? 'PaymentError'
        : code === 'stock'
          ? 'OutOfStockError'
          : code === 'shipping'
            ? 'ShippingError'
            : 'CheckoutError';
  }
}

export interface OrchestratorContext {
  runId: string;
  trace: { append(runId: string, event: NewTraceEvent): Promise<unknown>; durable?(): Promise<void> };
  clock: Clock;
  services: Services;
  nextSpanId(): string;
  /** How long each service call takes for a person watching; instant when absent. */
  pacer?: Pacer;
  /** A resumed run: the result a call already returned before the process stopped, served instead of calling again. */
  servedResult?(toolCallId: string): unknown;
}

const AGENT = 'OrderService';
const DEFAULT_CARRIER = 'ups';

async function call<T>(
  ctx: OrchestratorContext,
  service: ServiceName,
  operation: string,
  input: Record<string, unknown>,
  run: (call: ToolCallRef) => Promise<ServiceResult<T>>,
): Promise<ServiceResult<T>> {
  const spanId = ctx.nextSpanId();
  // Unique within the run (one span per call) and the same in its re-run: no run id in it, or no re-run could be identical.
  const toolCallId = `call_${spanId}`;
  const toolName = `${service}.${operation}`;
  const base = { spanId, parentSpanId: 'run', agent: AGENT };
  await ctx.trace.append(ctx.runId, {
    type: 'tool.call',
    ...base,
    data: { toolName, toolCallId, input, service, operation },
  });
  const started = ctx.clock.now();
  const served = servedResultOf<T>(ctx.servedResult?.(toolCallId));
  if (!served) {
    await ctx.pacer?.wait('service_call', spanId);
    // Write-ahead: the call is durable in the log before the service can act on it.
    await ctx.trace.durable?.();
  }
  const result = served ?? (await run({ runId: ctx.runId, spanId, toolCallId, agent: AGENT }));
  await ctx.trace.append(ctx.runId, {
    type: 'tool.result',
    ...base,
    data: {
      toolName,
      toolCallId,
      status: result.ok ? 'ok' : 'error',
      output: result,
      error: result.ok ? undefined : result.error,
      latencyMs: ctx.clock.now() - started,
      service,
      operation,
    },
  });
  return result;
}

/** A result from this run's own log, written there from the ServiceResult<T> this very call returned. */
function servedResultOf<T>(value: unknown): ServiceResult<T> | null {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean'
    ? (value as ServiceResult<T>)
    : null;
}

function orThrow<T>(result: ServiceResult<T>, code: string): T {
  if (!result.ok) throw new CheckoutError(code, `${result.error.code}: ${result.error.message}`);
  return result.value;
}

export interface ClassicOrder {
  orderId: string;
  customerId: string;
  amountCents: number;
  items: { sku: string; quantity: number }[];
}

export async function runClassicCheckout(
  ctx: OrchestratorContext,
  order: ClassicOrder,
): Promise<{ placed: boolean; outcome: string }> {
  const s = ctx.services;
  const { orderId, customerId, amountCents, items } = order;
  try {
    const stock = orThrow(
      await call(ctx, 'inventory', 'check', { items }, (c) => s.inventory.check({ items }, c)),
      'stock',
    );
    if (!stock.allInStock)
      throw new CheckoutError(
        'stock',
        `not enough stock for ${stock.items
          .filter((line) => !line.inStock)
          .map((line) => line.sku)
          .join(', ')}`,
      );
    orThrow(await call(ctx, 'inventory', 'reserve', { orderId }, (c) => s.inventory.reserve({ orderId }, c)), 'stock');
    const cards = orThrow(
      await call(ctx, 'customer', 'listPaymentMethods', { customerId }, (c) =>
        s.customer.listPaymentMethods({ customerId }, c),
      ),
      'customer',
    );
    const primary = cards.methods.find((m) => m.role === 'primary');
    if (!primary) throw new CheckoutError('payment', 'customer has no primary card');
    const authInput = { orderId, paymentMethodId: primary.id, amountCents, idempotencyKey: `${orderId}:auth` };
    const auth = orThrow(
      await call(ctx, 'payment', 'authorize', authInput, (c) => s.payment.authorize(authInput, c)),
      'payment',
    );
    const captureInput = {
      orderId,
      authorizationId: auth.authorizationId,
      amountCents,
      idempotencyKey: `${orderId}:capture`,
    };
    orThrow(await call(ctx, 'payment', 'capture', captureInput, (c) => s.payment.capture(captureInput, c)), 'payment');
    const labelInput = { orderId, carrier: DEFAULT_CARRIER };
    orThrow(
      await call(ctx, 'shipping', 'createLabel', labelInput, (c) => s.shipping.createLabel(labelInput, c)),
      'shipping',
    );
    orThrow(await call(ctx, 'inventory', 'commit', { orderId }, (c) => s.inventory.commit({ orderId }, c)), 'stock');
    const email = {
      customerId,
      orderId,
      subject: `Order ${orderId} confirmed`,
      body: `Your order ${orderId} is confirmed.`,
    };
    orThrow(
      await call(ctx, 'notification', 'sendEmail', email, (c) => s.notification.sendEmail(email, c)),
      'notification',
    );
    return { placed: true, outcome: 'order placed' };
  } catch (error) {
    if (!(error instanceof CheckoutError)) throw error;
    // The one catch: give the stock back and give up. Holds on the card, captures and labels stay as they are.
    await call(ctx, 'inventory', 'release', { orderId }, (c) => s.inventory.release({ orderId }, c));
    return { placed: false, outcome: `${error.name}: ${error.message}` };
  }
}
