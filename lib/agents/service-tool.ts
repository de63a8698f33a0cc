import type { z } from 'zod';
import type { ServiceError, ServiceName, ServiceResult } from '@/lib/services/types';
import { outOfScopeResult, recordOutOfScope, type OutOfScopeResult } from '@/lib/guard/record';
import { checkToolCall } from '@/lib/guard/rules';
import type { ToolCallRef } from '@/lib/runtime/tool-span';
import { recordedTool } from './recorded-tool';
import type { RunContext } from './run-context';

interface ServiceToolSpec<Schema extends z.ZodType> {
  description: string;
  inputSchema: Schema;
  service: ServiceName;
  operation: string;
  /** `call` goes on to the service operation (its faults are reported on this tool's span). */
  call(input: z.infer<Schema>, toolCall: ToolCallRef): Promise<ServiceResult<unknown>>;
}

/**
 * A specialist's tool over one operation of its own service; the result goes back to the model as is.
 * The run's guard checks every call first, whatever the model wrote: a call outside the run (another
 * order's ids, another customer, an amount over the cap) never reaches the service; the model gets an
 * out_of_scope error and the attempt is a guard.blocked event on the tool's span.
 */
export function serviceTool<Schema extends z.ZodType>(
  ctx: RunContext,
  agent: string,
  agentSpanId: string,
  toolName: string,
  spec: ServiceToolSpec<Schema>,
) {
  return recordedTool(ctx, {
    toolName,
    agent,
    agentSpanId,
    description: spec.description,
    inputSchema: spec.inputSchema,
    service: spec.service,
    operation: spec.operation,
    run: async (
      input,
      toolCall,
    ): Promise<{
      output: ServiceResult<unknown> | OutOfScopeResult;
      ok: boolean;
      error?: ServiceError | OutOfScopeResult['error'];
    }> => {
      const verdict = await checkToolCall(ctx.guard, toolName, input);
      if (!verdict.allowed) {
        await recordOutOfScope(ctx, {
          agent,
          agentSpanId,
          spanId: toolCall.spanId,
          toolName,
          toolCallId: toolCall.toolCallId,
          input,
          message: verdict.message,
        });
        const refused = outOfScopeResult(verdict.message);
        return { output: refused, ok: false, error: refused.error };
      }
      await ctx.pacer?.wait('service_call', toolCall.spanId, ctx.signal);
      const result = await spec.call(input, toolCall);
      return result.ok ? { output: result, ok: true } : { output: result, ok: false, error: result.error };
    },
  });
}
