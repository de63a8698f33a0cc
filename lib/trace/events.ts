import { z } from 'zod';

/**
 * The TraceEvent contract (docs/architecture.md, "The trace"): one envelope, a `type`, and per-type `data`.
 * The recorder validates with these schemas on the way in, so every reader (API, SSE, browser folds)
 * can trust the shapes. Browser-safe: this file imports nothing but zod.
 */

/** The run's root span: run-level events live here and top-level agents hang from it. */
export const ROOT_SPAN_ID = 'run';

/**
 * Who gives back what a run left held (stock, authorizations, captures on an order that is not
 * placed): the harness, not an agent. Its service calls are tool.call/tool.result pairs under a
 * settlement span, so the graph, timeline, search and exports show them like any other call.
 */
export const SETTLEMENT_AGENT = 'Settlement';

// Mirrors lib/services/types.ts ServiceName; the trace sits below the services and may not import them.
export const SERVICE_NAMES = ['inventory', 'payment', 'shipping', 'notification', 'customer'] as const;
export const serviceNameSchema = z.enum(SERVICE_NAMES);
export type TraceServiceName = z.infer<typeof serviceNameSchema>;

const name = z.string().min(1);

// ---- data, one schema per type ----

export const runStartedDataSchema = z.object({
  goal: z.string(),
  orderId: z.string(),
  customerId: z.string(),
  mode: z.enum(['agents', 'orchestrator']),
  model: z.string(),
  /** Every agent's model, when they are not all the same one (AI_MODEL_<AGENT>). */
  models: z.record(z.string(), z.string()).optional(),
  seed: z.number().int(),
  faultRules: z.array(z.unknown()),
  /** The preset this order alone ran under (its rules are in faultRules). */
  faultPreset: z.string().optional(),
  /** How fast it went for a person watching, at its start (the run page may change it mid-run); presentation only, re-runs run instant. */
  pace: z.enum(['instant', 'real_time', 'slow_motion']).optional(), // lib/runtime/pace.ts PACES (this file imports only zod)
});

export const runFinishedDataSchema = z.object({
  status: z.enum(['succeeded', 'failed']),
  outcome: z.string(),
  durationMs: z.number().nonnegative(),
  order: z.unknown().optional(),
});

export const runInterruptedDataSchema = z.object({
  reason: z.string(),
});

/**
 * A run a stopped process left going, taken up again (lib/checkout/resume-run.ts): the steps before
 * this event were replayed from the log (model replies and service results served as recorded, nothing
 * recorded twice), the steps after it ran live.
 */
export const runResumedDataSchema = z.object({
  reason: z.string(),
  /** How many of the run's recorded events the resume replayed (all of them before this one). */
  replayedEvents: z.number().int().nonnegative(),
  /** Service calls the run had started whose result was never recorded: made again, under their idempotency keys. */
  inFlightCalls: z.number().int().nonnegative(),
  /** Which resume of this run it is (1 for the first). */
  attempt: z.number().int().positive(),
});

export const agentStartedDataSchema = z.object({
  agent: name,
  goal: z.string(),
  task: z.unknown().optional(),
});

export const agentFinishedDataSchema = z.object({
  agent: name,
  status: z.enum(['ok', 'error']),
  answer: z.string(),
  result: z.unknown().optional(),
  /** How the answer came: its answer tool, a JSON object in its last words (lenient), or not at all. */
  answerVia: z.enum(['tool', 'text', 'none']).optional(),
  steps: z.number().int().nonnegative(),
  durationMs: z.number().nonnegative(),
});

export const toolCallChoiceSchema = z.object({
  toolCallId: name,
  toolName: name,
  input: z.unknown(),
});

export const tokenUsageSchema = z.object({
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
});

export const modelStepDataSchema = z.object({
  agent: name,
  step: z.number().int().nonnegative(),
  model: z.string(),
  reasoning: z.string(),
  text: z.string(),
  toolCalls: z.array(toolCallChoiceSchema),
  finishReason: z.string(),
  usage: tokenUsageSchema,
  costUsd: z.number().nonnegative(),
  latencyMs: z.number().nonnegative(),
  /** What the provider said of the call, in words (a setting the model ignores…): lib/agents/model-warnings.ts. */
  warnings: z.array(z.string()).optional(),
  response: z.unknown().optional(),
});

/** One model call that failed (a 429, a 5xx, a timeout, an empty reply…): retried after waitMs, or given up. */
export const modelRetryDataSchema = z.object({
  agent: name,
  /** The step the call was for (the model.step that follows, when it succeeds). */
  step: z.number().int().positive(),
  attempt: z.number().int().positive(),
  model: z.string(),
  reason: z.string(),
  message: z.string(),
  status: z.number().int().optional(),
  retryAfterMs: z.number().nonnegative().optional(),
  waitMs: z.number().nonnegative(),
  willRetry: z.boolean(),
  latencyMs: z.number().nonnegative(),
});

/** An agent that stopped without its answer tool was told once to call it, and why. */
export const agentNudgedDataSchema = z.object({
  agent: name,
  /** no_answer_call | truncated | refusal | empty_reply */
  reason: z.string(),
  /** What the model was told. */
  text: z.string(),
});

export const messageSentDataSchema = z.object({
  from: name,
  to: name,
  direction: z.enum(['request', 'reply']),
  text: z.string(),
  data: z.unknown().optional(),
  toolCallId: name,
});

export const toolCallDataSchema = z.object({
  toolName: name,
  toolCallId: name,
  input: z.unknown(),
  service: serviceNameSchema.optional(),
  operation: z.string().optional(),
  target: z.string().optional(),
  /** A tool of another agent system (an ingested trace): the graph node it reaches, as services are for ours. */
  node: z.string().min(1).optional(),
});

export const toolErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  retryAfterMs: z.number().nonnegative().optional(),
});

export const toolResultDataSchema = z.object({
  toolName: name,
  toolCallId: name,
  status: z.enum(['ok', 'error']),
  output: z.unknown().optional(),
  error: toolErrorSchema.optional(),
  latencyMs: z.number().nonnegative(),
  service: serviceNameSchema.optional(),
  operation: z.string().optional(),
  /** As on its tool.call: an ingested trace's tool, a node of the graph (its failures count as a service's). */
  node: z.string().min(1).optional(),
});

export const faultInjectedDataSchema = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  service: serviceNameSchema,
  operation: z.string(),
  kind: z.string(),
  effect: z.string(),
  /** What exactly was changed or withheld, e.g. "amountCents 12900 shown as 11610". */
  detail: z.string().optional(),
  toolCallId: z.string().optional(),
});

/** Why the guard refused a call: another run's object or an amount over the cap, a tool the agent does not have, input its tool refused. */
export const GUARD_REASONS = ['out_of_scope', 'unknown_tool', 'invalid_input'] as const;
export type GuardReason = (typeof GUARD_REASONS)[number];
/** The error code a refused call's tool.result carries (no service uses it): such a result is a blocked attempt, not a service error. */
export const OUT_OF_SCOPE_CODE = 'out_of_scope';

/**
 * A tool call that never reached a service (lib/guard): on the tool's span when the tool ran its
 * scope check (then a tool.result with the same error code follows), on a span of its own when the
 * SDK refused the call (a tool the agent does not have, or input its schema rejects).
 */
export const guardBlockedDataSchema = z.object({
  agent: name,
  toolName: name,
  toolCallId: name,
  input: z.unknown(),
  reason: z.enum(GUARD_REASONS),
  /** The error code the model was answered with (out_of_scope) or the SDK's error name. */
  code: z.string(),
  message: z.string(),
  /** The service the tool name points at, when it names one (payment_refund → payment). */
  service: serviceNameSchema.optional(),
});

/** What an order still holds, as settlement counts it. */
export const settlementHoldingsSchema = z.object({
  heldReservations: z.number().int().nonnegative(),
  openAuthorizations: z.number().int().nonnegative(),
  /** Captured and not refunded, on an order that is not placed. */
  unrefundedCents: z.number().int().nonnegative(),
  /** Shipping labels still active on an order that is not placed. */
  activeLabels: z.number().int().nonnegative(),
});

/** One thing settlement means to undo, and why. */
export const settlementStepSchema = z.object({
  action: z.enum(['cancel_label', 'release_stock', 'void_authorization', 'refund_capture']),
  service: serviceNameSchema,
  operation: z.string(),
  /** The row it acts on (label, authorization, capture id; the order for stock). */
  target: z.string(),
  why: z.string(),
});

export const settlementStartedDataSchema = z.object({
  orderId: z.string(),
  /** Why the harness settles: how the run ended (or that the server stopped). */
  reason: z.string(),
  trigger: z.enum(['run_end', 'recovery']),
  holdings: settlementHoldingsSchema,
  plan: z.array(settlementStepSchema),
});

export const settlementFinishedDataSchema = z.object({
  orderId: z.string(),
  /** settled: nothing is held any more; needs_review: something could not be given back. */
  status: z.enum(['settled', 'needs_review']),
  /** What was given back, in words. */
  undone: z.array(z.string()),
  /** What could not be, in words (the last error). */
  failed: z.array(z.string()),
  /** What the order still holds afterwards. */
  holdings: settlementHoldingsSchema,
});

export const faultsChangedDataSchema = z.object({
  rules: z.array(z.unknown()),
});

// ---- envelopes ----

/** Fields the recorder assigns; an emitter never chooses runId or seq. */
const assigned = {
  runId: name,
  seq: z.number().int().positive(),
  ts: z.number().finite(),
};

/** An event on a span of its own (agents, model steps, tools, messages, faults). */
const onSpan = {
  spanId: name,
  parentSpanId: name.nullable(),
  agent: name.nullable(),
};

/** Run-level events: always the root span, which has no parent. */
const onRunSpan = {
  spanId: z.literal(ROOT_SPAN_ID),
  parentSpanId: z.null(),
  agent: name.nullable(),
};

const runStarted = z.object({
  ...assigned,
  ...onRunSpan,
  agent: z.null(),
  type: z.literal('run.started'),
  data: runStartedDataSchema,
});
const runFinished = z.object({
  ...assigned,
  ...onRunSpan,
  type: z.literal('run.finished'),
  data: runFinishedDataSchema,
});
const runInterrupted = z.object({
  ...assigned,
  ...onRunSpan,
  type: z.literal('run.interrupted'),
  data: runInterruptedDataSchema,
});
const runResumed = z.object({
  ...assigned,
  ...onRunSpan,
  agent: z.null(),
  type: z.literal('run.resumed'),
  data: runResumedDataSchema,
});
const agentStarted = z.object({
  ...assigned,
  ...onSpan,
  type: z.literal('agent.started'),
  data: agentStartedDataSchema,
});
const agentFinished = z.object({
  ...assigned,
  ...onSpan,
  type: z.literal('agent.finished'),
  data: agentFinishedDataSchema,
});
const modelStep = z.object({ ...assigned, ...onSpan, type: z.literal('model.step'), data: modelStepDataSchema });
const modelRetry = z.object({ ...assigned, ...onSpan, type: z.literal('model.retry'), data: modelRetryDataSchema });
const agentNudged = z.object({ ...assigned, ...onSpan, type: z.literal('agent.nudged'), data: agentNudgedDataSchema });
const messageSent = z.object({ ...assigned, ...onSpan, type: z.literal('message.sent'), data: messageSentDataSchema });
const toolCall = z.object({ ...assigned, ...onSpan, type: z.literal('tool.call'), data: toolCallDataSchema });
const toolResult = z.object({ ...assigned, ...onSpan, type: z.literal('tool.result'), data: toolResultDataSchema });
const faultInjected = z.object({
  ...assigned,
  ...onSpan,
  type: z.literal('fault.injected'),
  data: faultInjectedDataSchema,
});
const faultsChanged = z.object({
  ...assigned,
  ...onRunSpan,
  type: z.literal('faults.changed'),
  data: faultsChangedDataSchema,
});
const guardBlocked = z.object({
  ...assigned,
  ...onSpan,
  type: z.literal('guard.blocked'),
  data: guardBlockedDataSchema,
});
const settlementStarted = z.object({
  ...assigned,
  ...onSpan,
  type: z.literal('settlement.started'),
  data: settlementStartedDataSchema,
});
const settlementFinished = z.object({
  ...assigned,
  ...onSpan,
  type: z.literal('settlement.finished'),
  data: settlementFinishedDataSchema,
});

export const traceEventSchema = z.discriminatedUnion('type', [
  runStarted,
  runFinished,
  runInterrupted,
  runResumed,
  agentStarted,
  agentFinished,
  modelStep,
  modelRetry,
  agentNudged,
  messageSent,
  toolCall,
  toolResult,
  faultInjected,
  faultsChanged,
  guardBlocked,
  settlementStarted,
  settlementFinished,
]);

// What an emitter hands the recorder: no runId or seq; ts only to replay a recorded time (a re-run
// served from the record), otherwise the recorder's clock stamps it.
const unassigned = { runId: true, seq: true, ts: true } as const;
const optionalTs = { ts: assigned.ts.optional() };

export const newTraceEventSchema = z.discriminatedUnion('type', [
  runStarted.omit(unassigned).extend(optionalTs),
  runFinished.omit(unassigned).extend(optionalTs),
  runInterrupted.omit(unassigned).extend(optionalTs),
  runResumed.omit(unassigned).extend(optionalTs),
  agentStarted.omit(unassigned).extend(optionalTs),
  agentFinished.omit(unassigned).extend(optionalTs),
  modelStep.omit(unassigned).extend(optionalTs),
  modelRetry.omit(unassigned).extend(optionalTs),
  agentNudged.omit(unassigned).extend(optionalTs),
  messageSent.omit(unassigned).extend(optionalTs),
  toolCall.omit(unassigned).extend(optionalTs),
  toolResult.omit(unassigned).extend(optionalTs),
  faultInjected.omit(unassigned).extend(optionalTs),
  faultsChanged.omit(unassigned).extend(optionalTs),
  guardBlocked.omit(unassigned).extend(optionalTs),
  settlementStarted.omit(unassigned).extend(optionalTs),
  settlementFinished.omit(unassigned).extend(optionalTs),
]);

export type TraceEvent = z.infer<typeof traceEventSchema>;
export type NewTraceEvent = z.input<typeof newTraceEventSchema>;
export type TraceEventType = TraceEvent['type'];
export type TraceEventOf<T extends TraceEventType> = Extract<TraceEvent, { type: T }>;
export type NewTraceEventOf<T extends TraceEventType> = Extract<NewTraceEvent, { type: T }>;
export type TraceEventData<T extends TraceEventType> = TraceEventOf<T>['data'];
export type ToolError = z.infer<typeof toolErrorSchema>;
export type TokenUsage = z.infer<typeof tokenUsageSchema>;
export type SettlementHoldings = z.infer<typeof settlementHoldingsSchema>;
export type SettlementStep = z.infer<typeof settlementStepSchema>;

export const TRACE_EVENT_TYPES = traceEventSchema.options.map((o) => o.shape.type.value) as readonly TraceEventType[];

/** Thrown by the parse functions: the zod issues, plus which event type failed, for a readable message. */
export class InvalidTraceEventError extends Error {
  readonly code = 'invalid_trace_event';
  constructor(
    readonly issues: z.core.$ZodIssue[],
    type: unknown,
  ) {
    const where = typeof type === 'string' ? ` (${type})` : '';
    super(
      `Invalid trace event${where}: ${issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
    this.name = 'InvalidTraceEventError';
  }
}

function typeOf(input: unknown): unknown {
  return typeof input === 'object' && input !== null && 'type' in input ? input.type : undefined;
}

/** A stored or streamed event, validated (throws InvalidTraceEventError). */
export function parseTraceEvent(input: unknown): TraceEvent {
  const result = traceEventSchema.safeParse(input);
  if (!result.success) throw new InvalidTraceEventError(result.error.issues, typeOf(input));
  return result.data;
}

export function safeParseTraceEvent(input: unknown): z.ZodSafeParseResult<TraceEvent> {
  return traceEventSchema.safeParse(input);
}

/** An emitter's event before the recorder stamps it, validated (throws InvalidTraceEventError). */
export function parseNewTraceEvent(input: unknown): z.output<typeof newTraceEventSchema> {
  const result = newTraceEventSchema.safeParse(input);
  if (!result.success) throw new InvalidTraceEventError(result.error.issues, typeOf(input));
  return result.data;
}

/** The events after which a run records nothing more and its streams close. */
export function isRunEnd(event: { type: string }): event is TraceEventOf<'run.finished' | 'run.interrupted'> {
  return event.type === 'run.finished' || event.type === 'run.interrupted';
}
