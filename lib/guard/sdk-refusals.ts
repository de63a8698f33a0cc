import { InvalidToolInputError, NoSuchToolError } from 'ai';
import { recordUnknownToolCall, type GuardTraceContext } from './record';

/**
 * The AI SDK answers a call of a tool the agent does not have (or with input its schema rejects)
 * itself: the step's content gets the call marked `invalid` with the error, and a tool-error the
 * model reads next. No tool runs, so without this nothing but the model step's raw data shows the
 * attempt. Called once per finished step (generateText's onStepEnd).
 */

/** The parts of a step's content this reads; the SDK's content parts fit it. */
interface StepPart {
  type: string;
  toolCallId?: string;
  toolName?: string;
  input?: unknown;
  invalid?: boolean;
  error?: unknown;
}

export async function recordRefusedToolCalls(
  ctx: GuardTraceContext,
  agent: string,
  agentSpanId: string,
  step: { content: readonly StepPart[] },
): Promise<void> {
  for (const part of step.content) {
    if (part.type !== 'tool-call' || part.invalid !== true || !part.toolCallId || !part.toolName) continue;
    const reason = NoSuchToolError.isInstance(part.error)
      ? 'unknown_tool'
      : InvalidToolInputError.isInstance(part.error)
        ? 'invalid_input'
        : null;
    if (!reason) continue;
    const answered = step.content.find((p) => p.type === 'tool-error' && p.toolCallId === part.toolCallId)?.error;
    const errorText =
      typeof answered === 'string' ? answered : part.error instanceof Error ? part.error.message : String(part.error);
    await recordUnknownToolCall(ctx, {
      agent,
      agentSpanId,
      toolName: part.toolName,
      toolCallId: part.toolCallId,
      input: part.input,
      errorText,
      reason,
      errorName: part.error instanceof Error ? part.error.name : undefined,
    });
  }
}
