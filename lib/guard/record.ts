import {
  OUT_OF_SCOPE_CODE,
  SERVICE_NAMES,
  type GuardReason,
  type NewTraceEvent,
  type TraceServiceName,
} from '@/lib/trace/events';

/**
 * Blocked attempts as `guard.blocked` events. What a run's context gives this module: where events
 * go and its span ids (lib/agents' RunContext is one; this module does not depend on the agents).
 */
export interface GuardTraceContext {
  runId: string;
  trace: { append(runId: string, event: NewTraceEvent): Promise<unknown> };
  nextSpanId(): string;
}

/** The error the model is answered with instead of the service's reply: a normal, non-retryable tool error. */
export interface OutOfScopeResult {
  ok: false;
  error: { code: typeof OUT_OF_SCOPE_CODE; message: string; retryable: false };
}

export const OUT_OF_SCOPE = OUT_OF_SCOPE_CODE;

export function outOfScopeResult(message: string): OutOfScopeResult {
  return { ok: false, error: { code: OUT_OF_SCOPE, message, retryable: false } };
}

/** The service a tool name points at (`payment_refund` → payment), if it names one. */
export function serviceOfTool(toolName: string): TraceServiceName | undefined {
  const prefix = toolName.split('_')[0];
  return SERVICE_NAMES.find((s) => s === prefix);
}

interface BlockedAttempt {
  agent: string;
  agentSpanId: string;
  toolName: string;
  toolCallId: string;
  input: unknown;
}

/** A tool's own scope check refused the call: recorded on the tool's span (its tool.call is already there). */
export async function recordOutOfScope(
  ctx: GuardTraceContext,
  attempt: BlockedAttempt & { spanId: string; message: string },
): Promise<void> {
  await ctx.trace.append(ctx.runId, {
    type: 'guard.blocked',
    spanId: attempt.spanId,
    parentSpanId: attempt.agentSpanId,
    agent: attempt.agent,
    data: blockedData(attempt, 'out_of_scope', OUT_OF_SCOPE, attempt.message),
  });
}

/**
 * A call the SDK refused before any tool ran: a tool the agent does not have (NoSuchToolError) or,
 * with reason invalid_input, input its tool's schema rejects. Recorded on a span of its own under
 * the agent's, since no tool span exists for it.
 */
export async function recordUnknownToolCall(
  ctx: GuardTraceContext,
  attempt: BlockedAttempt & {
    errorText: string;
    reason?: Extract<GuardReason, 'unknown_tool' | 'invalid_input'>;
    errorName?: string;
  },
): Promise<void> {
  const reason = attempt.reason ?? 'unknown_tool';
  await ctx.trace.append(ctx.runId, {
    type: 'guard.blocked',
    spanId: ctx.nextSpanId(),
    parentSpanId: attempt.agentSpanId,
    agent: attempt.agent,
    data: blockedData(
      attempt,
      reason,
      attempt.errorName ?? (reason === 'unknown_tool' ? 'AI_NoSuchToolError' : 'AI_InvalidToolInputError'),
      attempt.errorText,
    ),
  });
}

function blockedData(attempt: BlockedAttempt, reason: GuardReason, code: string, message: string) {
  const service = serviceOfTool(attempt.toolName);
  return {
    agent: attempt.agent,
    toolName: attempt.toolName,
    toolCallId: attempt.toolCallId,
    input: attempt.input ?? null,
    reason,
    code,
    message,
    ...(service ? { service } : {}),
  };
}
