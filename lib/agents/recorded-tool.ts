import type { Tool } from 'ai';
import type { z } from 'zod';
import type { ServiceName } from '@/lib/services/types';
import { editedToolResultSchema, toolResultError } from '@/lib/protocol/tool-result';
import type { ToolCallRef } from '@/lib/runtime/tool-span';
import type { RunContext } from './run-context';
import { toolInputSchema } from './tool-schema';

export interface RecordedToolSpec<Schema extends z.ZodType, Output> {
  toolName: string;
  agent: string;
  agentSpanId: string;
  description: string;
  inputSchema: Schema;
  service?: ServiceName;
  operation?: string;
  target?: string;
  run(input: z.infer<Schema>, toolCall: ToolCallRef): Promise<{ output: Output; ok: boolean; error?: ToolError }>;
}

interface ToolError {
  code: string;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}

/** What a thrown tool leaves on its span: `cancelled` when the run was aborted, else `tool_failed` with the message. */
function thrownToolError(thrown: unknown, signal: AbortSignal | undefined): ToolError {
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return signal?.aborted
    ? { code: 'cancelled', message, retryable: false }
    : { code: 'tool_failed', message, retryable: false };
}

/** A tool whose every call is recorded as an execute_tool span: tool.call, then tool.result. */
export function recordedTool<Schema extends z.ZodType, Output>(
  ctx: RunContext,
  spec: RecordedToolSpec<Schema, Output>,
): Tool {
  // Built as a plain object: the SDK's tool() overloads do not resolve over a generic schema.
  const definition: Tool = {
    description: spec.description,
    inputSchema: toolInputSchema(spec.inputSchema),
    execute: async (input: z.infer<Schema>, { toolCallId }: { toolCallId: string }) => {
      const spanId = ctx.nextSpanId();
      const base = { spanId, parentSpanId: spec.agentSpanId, agent: spec.agent };
      await ctx.trace.append(ctx.runId, {
        type: 'tool.call',
        ...base,
        data: {
          toolName: spec.toolName,
          toolCallId,
          input,
          service: spec.service,
          operation: spec.operation,
          target: spec.target,
        },
      });
      const started = ctx.clock.now();
      const edited = ctx.overrideToolResult?.(toolCallId);
      const finish = (outcome: { output: unknown; ok: boolean; error?: ToolError }) =>
        ctx.trace.append(ctx.runId, {
          type: 'tool.result',
          ...base,
          data: {
            toolName: spec.toolName,
            toolCallId,
            status: outcome.ok ? 'ok' : 'error',
            output: outcome.output,
            error: outcome.error,
            latencyMs: ctx.clock.now() - started,
            service: spec.service,
            operation: spec.operation,
          },
        });
      let outcome: { output: Output; ok: boolean; error?: ToolError };
      try {
        // Write-ahead: the step that led to this call is durable before the service can act on it.
        if (edited === undefined && spec.service) await ctx.trace.durable?.();
        outcome =
          edited !== undefined
            ? editedOutcome<Output>(edited)
            : await spec.run(input, { runId: ctx.runId, spanId, toolCallId, agent: spec.agent });
      } catch (thrown) {
        // A tool that throws (a specialist's loop that gave up, a cancelled run, a bug) still ends its
        // span, with the error on it: an open span reads as a call still going on, forever.
        await finish({ output: null, ok: false, error: thrownToolError(thrown, ctx.signal) });
        throw thrown;
      }
      await finish(outcome);
      return outcome.output;
    },
  };
  return definition;
}

/** A result a person typed in (edit-and-continue), read the way the tools shape theirs. */
function editedOutcome<Output>(value: unknown): {
  output: Output;
  ok: boolean;
  error?: { code: string; message: string; retryable: boolean };
} {
  const read = editedToolResultSchema.safeParse(value);
  const v = read.success ? read.data : { ok: undefined, status: undefined, error: undefined };
  const ok = v.ok === true || v.status === 'ok';
  if (ok) return { output: value as Output, ok, error: undefined };
  const { code, message, retryable } = toolResultError(v.error, { code: 'edited', message: 'edited result' });
  return { output: value as Output, ok, error: { code, message, retryable } };
}
