import { z } from 'zod';
import { TOOLS } from '@/lib/protocol/agents';
import type { ServiceResult } from '@/lib/services/types';
import type { SpecialistAnswer } from '@/lib/protocol/tasks';
import type { AgentDefinition } from '../agent-loop';
import { serviceTool } from '../service-tool';
import { waitTool } from '../wait-tool';
import { SPECIALIST_FINISH, SPECIALIST_RULES } from './common';
import type { ToolCallRef } from '@/lib/runtime/tool-span';

const key = z.string().min(1).describe('Idempotency key: the same key with the same body returns the first result.');
const cents = z.number().int();

// Module constants: a tool's schema is converted for the model once per process (./tool-schema).
const AUTHORIZE_INPUT = z.object({
  orderId: z.string(),
  paymentMethodId: z.string(),
  amountCents: cents,
  idempotencyKey: key,
});
const CAPTURE_INPUT = z.object({
  orderId: z.string(),
  authorizationId: z.string(),
  amountCents: cents,
  idempotencyKey: key,
});
const VOID_INPUT = z.object({ orderId: z.string(), authorizationId: z.string(), idempotencyKey: key });
const REFUND_INPUT = z.object({ orderId: z.string(), captureId: z.string(), amountCents: cents, idempotencyKey: key });
const STATUS_INPUT = z.object({ idempotencyKey: key });

export const paymentAgent: AgentDefinition<SpecialistAnswer> = {
  finish: SPECIALIST_FINISH,
  name: 'PaymentAgent',
  instructions: `You are the PaymentAgent: you authorize, capture, void and refund card payments through the payment gateway.
Never charge twice. When a call times out, the charge may have gone through: check payment_status with the idempotency
key you used before any retry. Use a new idempotency key for each new attempt. An order is captured at most once.
${SPECIALIST_RULES}`,
  tools: (ctx, span) => {
    const pay = ctx.services.payment;
    const s = <S extends z.ZodType>(
      name: string,
      description: string,
      operation: string,
      inputSchema: S,
      call: (input: z.infer<S>, toolCall: ToolCallRef) => Promise<ServiceResult<unknown>>,
    ) =>
      serviceTool(ctx, 'PaymentAgent', span, name, { description, inputSchema, service: 'payment', operation, call });
    return {
      [TOOLS.paymentAuthorize]: s(
        TOOLS.paymentAuthorize,
        'Authorize (hold) an amount on a card for an order.',
        'authorize',
        AUTHORIZE_INPUT,
        (i, toolCall) => pay.authorize(i, toolCall),
      ),
      [TOOLS.paymentCapture]: s(
        TOOLS.paymentCapture,
        'Capture an authorization (take the money).',
        'capture',
        CAPTURE_INPUT,
        (i, toolCall) => pay.capture(i, toolCall),
      ),
      [TOOLS.paymentVoid]: s(
        TOOLS.paymentVoid,
        'Void an authorization that was not captured.',
        'void',
        VOID_INPUT,
        (i, toolCall) => pay.void(i, toolCall),
      ),
      [TOOLS.paymentRefund]: s(TOOLS.paymentRefund, 'Refund a capture.', 'refund', REFUND_INPUT, (i, toolCall) =>
        pay.refund(i, toolCall),
      ),
      [TOOLS.paymentStatus]: s(
        TOOLS.paymentStatus,
        'What happened to the request made with this idempotency key (found or not, succeeded or failed).',
        'status',
        STATUS_INPUT,
        (i, toolCall) => pay.status(i, toolCall),
      ),
      [TOOLS.wait]: waitTool(ctx, 'PaymentAgent', span),
    };
  },
};
