import { z } from 'zod';
import { TOOLS } from '@/lib/protocol/agents';
import type { ServiceResult } from '@/lib/services/types';
import type { SpecialistAnswer } from '@/lib/protocol/tasks';
import type { AgentDefinition } from '../agent-loop';
import { serviceTool } from '../service-tool';
import { waitTool } from '../wait-tool';
import { SPECIALIST_FINISH, SPECIALIST_RULES } from './common';
import type { ToolCallRef } from '@/lib/runtime/tool-span';

const orderInput = z.object({ orderId: z.string().min(1) });

// Module constants: a tool's schema is converted for the model once per process (./tool-schema).
const ITEMS_INPUT = z.object({
  items: z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().min(1) })).min(1),
});

export const inventoryAgent: AgentDefinition<SpecialistAnswer> = {
  finish: SPECIALIST_FINISH,
  name: 'InventoryAgent',
  instructions: `You are the InventoryAgent: you check, reserve, release and commit stock for orders.
Reserve before payment, release when an order fails, commit once it is paid and shipped.
${SPECIALIST_RULES}`,
  tools: (ctx, span) => {
    const inv = ctx.services.inventory;
    const t = (
      name: string,
      description: string,
      operation: string,
      call: (input: { orderId: string }, toolCall: ToolCallRef) => Promise<ServiceResult<unknown>>,
    ) =>
      serviceTool(ctx, 'InventoryAgent', span, name, {
        description,
        inputSchema: orderInput,
        service: 'inventory',
        operation,
        call,
      });
    return {
      [TOOLS.inventoryCheck]: serviceTool(ctx, 'InventoryAgent', span, TOOLS.inventoryCheck, {
        description: 'How many units of each SKU are available.',
        inputSchema: ITEMS_INPUT,
        service: 'inventory',
        operation: 'check',
        call: (input, toolCall) => inv.check(input, toolCall),
      }),
      [TOOLS.inventoryReserve]: t(
        TOOLS.inventoryReserve,
        'Reserve the stock of every item of an order (idempotent per order).',
        'reserve',
        (i, toolCall) => inv.reserve(i, toolCall),
      ),
      [TOOLS.inventoryRelease]: t(
        TOOLS.inventoryRelease,
        'Release the stock held for an order.',
        'release',
        (i, toolCall) => inv.release(i, toolCall),
      ),
      [TOOLS.inventoryCommit]: t(
        TOOLS.inventoryCommit,
        'Commit the held stock of an order: it is sold.',
        'commit',
        (i, toolCall) => inv.commit(i, toolCall),
      ),
      [TOOLS.wait]: waitTool(ctx, 'InventoryAgent', span),
    };
  },
};
