import { z } from 'zod';
import { TOOLS } from '@/lib/protocol/agents';
import type { SpecialistAnswer } from '@/lib/protocol/tasks';
import type { AgentDefinition } from '../agent-loop';
import { serviceTool } from '../service-tool';
import { waitTool } from '../wait-tool';
import { SPECIALIST_FINISH, SPECIALIST_RULES } from './common';

// Module constants: a tool's schema is converted for the model once per process (./tool-schema).
const QUOTE_INPUT = z.object({ orderId: z.string(), carrier: z.string().optional() });
const CREATE_LABEL_INPUT = z.object({ orderId: z.string(), carrier: z.string(), service: z.string().optional() });
const CANCEL_LABEL_INPUT = z.object({ orderId: z.string(), labelId: z.string() });
const HOLD_INPUT = z.object({ orderId: z.string(), reason: z.string() });

export const shippingAgent: AgentDefinition<SpecialistAnswer> = {
  finish: SPECIALIST_FINISH,
  name: 'ShippingAgent',
  instructions: `You are the ShippingAgent: you quote shipping, create and cancel labels, and hold shipments.
A label needs a captured payment. If a carrier is in an outage, try another carrier from the quote; if none can take the
parcel, hold the shipment. A label for another address than the quote's must be cancelled and made again.
${SPECIALIST_RULES}`,
  tools: (ctx, span) => {
    const ship = ctx.services.shipping;
    return {
      [TOOLS.shippingQuote]: serviceTool(ctx, 'ShippingAgent', span, TOOLS.shippingQuote, {
        description: "Quotes from every carrier for an order, to the customer's address.",
        service: 'shipping',
        operation: 'quote',
        inputSchema: QUOTE_INPUT,
        call: (i, toolCall) => ship.quote(i, toolCall),
      }),
      [TOOLS.shippingCreateLabel]: serviceTool(ctx, 'ShippingAgent', span, TOOLS.shippingCreateLabel, {
        description: 'Create a shipping label with a carrier.',
        service: 'shipping',
        operation: 'createLabel',
        inputSchema: CREATE_LABEL_INPUT,
        call: (i, toolCall) => ship.createLabel(i, toolCall),
      }),
      [TOOLS.shippingCancelLabel]: serviceTool(ctx, 'ShippingAgent', span, TOOLS.shippingCancelLabel, {
        description: 'Cancel a label.',
        service: 'shipping',
        operation: 'cancelLabel',
        inputSchema: CANCEL_LABEL_INPUT,
        call: (i, toolCall) => ship.cancelLabel(i, toolCall),
      }),
      [TOOLS.shippingHold]: serviceTool(ctx, 'ShippingAgent', span, TOOLS.shippingHold, {
        description: 'Hold the shipment of a paid order until a carrier can take it.',
        service: 'shipping',
        operation: 'holdShipment',
        inputSchema: HOLD_INPUT,
        call: (i, toolCall) => ship.holdShipment(i, toolCall),
      }),
      [TOOLS.wait]: waitTool(ctx, 'ShippingAgent', span),
    };
  },
};
