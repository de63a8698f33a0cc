import { z } from 'zod';
import { TOOLS } from '@/lib/protocol/agents';
import type { SpecialistAnswer } from '@/lib/protocol/tasks';
import type { AgentDefinition } from '../agent-loop';
import { serviceTool } from '../service-tool';
import { waitTool } from '../wait-tool';
import { SPECIALIST_FINISH, SPECIALIST_RULES } from './common';

const customer = z.object({ customerId: z.string().min(1) });

// Module constants: a tool's schema is converted for the model once per process (./tool-schema).
const NEW_CARD_INPUT = z.object({ customerId: z.string(), orderId: z.string().optional() });
const CARD_REQUEST_INPUT = z.object({ requestId: z.string() });

export const customerAgent: AgentDefinition<SpecialistAnswer> = {
  finish: SPECIALIST_FINISH,
  name: 'CustomerAgent',
  instructions: `You are the CustomerAgent: you read customer profiles and payment methods, and ask customers for a new card
when none of theirs can pay. A requested card arrives after a while: check the request, wait, and check again.
${SPECIALIST_RULES}`,
  tools: (ctx, span) => {
    const c = ctx.services.customer;
    return {
      [TOOLS.customerGetProfile]: serviceTool(ctx, 'CustomerAgent', span, TOOLS.customerGetProfile, {
        description: "A customer's name, contact and address.",
        service: 'customer',
        operation: 'getProfile',
        inputSchema: customer,
        call: (i, toolCall) => c.getProfile(i, toolCall),
      }),
      [TOOLS.customerListPaymentMethods]: serviceTool(ctx, 'CustomerAgent', span, TOOLS.customerListPaymentMethods, {
        description: "A customer's cards: id, brand, last4, expiry, role (primary/backup), status.",
        service: 'customer',
        operation: 'listPaymentMethods',
        inputSchema: customer,
        call: (i, toolCall) => c.listPaymentMethods(i, toolCall),
      }),
      [TOOLS.customerRequestNewCard]: serviceTool(ctx, 'CustomerAgent', span, TOOLS.customerRequestNewCard, {
        description: 'Ask the customer for a new card; it arrives later.',
        service: 'customer',
        operation: 'requestNewCard',
        inputSchema: NEW_CARD_INPUT,
        call: (i, toolCall) => c.requestNewCard(i, toolCall),
      }),
      [TOOLS.customerCheckCardRequest]: serviceTool(ctx, 'CustomerAgent', span, TOOLS.customerCheckCardRequest, {
        description: 'Whether a requested card has arrived.',
        service: 'customer',
        operation: 'checkCardRequest',
        inputSchema: CARD_REQUEST_INPUT,
        call: (i, toolCall) => c.checkCardRequest(i, toolCall),
      }),
      [TOOLS.wait]: waitTool(ctx, 'CustomerAgent', span),
    };
  },
};
