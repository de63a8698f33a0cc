import type { TraceEvent, TraceEventOf } from '@/lib/trace/events';
import { foldSpans, runSpan, type Span, type SpanKind, type SpanState } from '@/lib/trace/projections/spans';
import { chatInputMessages, conventionFinishReason, outputMessage } from './genai-messages';
import { SPAN_KIND, STATUS_CODE, type OtlpSpan, type OtlpSpanEvent, type OtlpTracesDocument } from './otlp-json';
import { jsonText, keyValues, otlpSpanId, otlpTraceId, unixNanos, type AttributeValue } from './otlp-values';

/**
 * A run as OTLP/JSON traces: one trace per run, one OTLP span per span of the spans projection
 * (lib/trace/projections/spans.ts), named and attributed after the OpenTelemetry GenAI conventions
 * (invoke_agent / chat / execute_tool, gen_ai.*), injected faults as span events. Attributes of our
 * own are namespaced `aco.*`; `openinference.span.kind`, `input.value` and `output.value` let
 * Phoenix show kinds and I/O. Pure and deterministic: the same log exports to the same document.
 * The live exporter (lib/otel) maps each span with `otlpSpan` as it ends: one source of span shapes.
 */

export const OTLP_SERVICE_NAME = 'agent-checkout-observatory';
export const OTLP_SCOPE = { name: 'agent-checkout-observatory/trace', version: '1' } as const;

/** The Run row fields the export reads. */
export interface ExportedRun {
  id: string;
  status: string;
  outcome: string;
  mode: string;
  model: string;
  batchId: string | null;
  parentRunId: string | null;
  forkedAtSeq: number | null;
}

const OTLP_KIND: Record<SpanKind, number> = {
  run: SPAN_KIND.INTERNAL,
  // In-process agents and tools are INTERNAL; a model call leaves the process (or would): CLIENT.
  invoke_agent: SPAN_KIND.INTERNAL,
  chat: SPAN_KIND.CLIENT,
  execute_tool: SPAN_KIND.INTERNAL,
  message: SPAN_KIND.INTERNAL,
  settlement: SPAN_KIND.INTERNAL,
};

const OPENINFERENCE_KIND: Record<SpanKind, string> = {
  run: 'CHAIN',
  invoke_agent: 'AGENT',
  chat: 'LLM',
  execute_tool: 'TOOL',
  message: 'CHAIN',
  settlement: 'CHAIN',
};

/** "provider:model" (how runs record a model) → the GenAI provider and model names. */
export function splitModelLabel(label: string): { provider: string | undefined; model: string } {
  const at = label.indexOf(':');
  return at > 0 ? { provider: label.slice(0, at), model: label.slice(at + 1) } : { provider: undefined, model: label };
}

/** The provider a GenAI span names (Required): a label without one is a custom model. */
export function providerOf(label: string): string {
  return splitModelLabel(label).provider ?? '_OTHER';
}

/** What the mapping of one span reads besides the span: the run row and the fold it belongs to. */
export interface OtlpContext {
  run: ExportedRun;
  state: SpanState;
  /** Each agent's model label (run.started's models, else the run's model). */
  modelOf: (agent: string | null) => string;
}

export function otlpContext(run: ExportedRun, state: SpanState): OtlpContext {
  const started = runSpan(state)?.events.find((e): e is TraceEventOf<'run.started'> => e.type === 'run.started');
  return {
    run,
    state,
    modelOf: (agent) =>
      (agent !== null ? started?.data.models?.[agent] : undefined) ?? started?.data.model ?? run.model,
  };
}

function first<T extends TraceEvent['type']>(span: Span, type: T): TraceEventOf<T> | undefined {
  return span.events.find((e): e is TraceEventOf<T> => e.type === type);
}

function runAttributes(run: ExportedRun, span: Span): Record<string, AttributeValue> {
  const started = first(span, 'run.started');
  return {
    'aco.run.id': run.id,
    'aco.run.mode': run.mode,
    'aco.run.model': run.model,
    'aco.run.status': run.status,
    'aco.run.outcome': run.outcome || undefined,
    'aco.run.seed': started?.data.seed,
    'aco.run.batch_id': run.batchId,
    'aco.run.parent_id': run.parentRunId,
    'aco.run.forked_at_seq': run.forkedAtSeq,
    'aco.order.id': started?.data.orderId,
    'aco.customer.id': started?.data.customerId,
    'input.value': started?.data.goal,
    'output.value': run.outcome || undefined,
  };
}

function agentAttributes(span: Span, ctx: OtlpContext): Record<string, AttributeValue> {
  const started = first(span, 'agent.started');
  const finished = first(span, 'agent.finished');
  const label = ctx.modelOf(span.agent);
  return {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.provider.name': providerOf(label),
    'gen_ai.request.model': splitModelLabel(label).model,
    'gen_ai.agent.name': span.agent ?? undefined,
    'gen_ai.conversation.id': ctx.run.id,
    'gen_ai.input.messages': started
      ? JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: started.data.goal }] }])
      : undefined,
    'gen_ai.output.messages': finished
      ? JSON.stringify([
          {
            role: 'assistant',
            parts: [{ type: 'text', content: finished.data.answer }],
            finish_reason: finished.data.status,
          },
        ])
      : undefined,
    'aco.agent.steps': finished?.data.steps,
    'input.value': started?.data.goal,
    'output.value': finished?.data.answer,
  };
}

function chatAttributes(span: Span, ctx: OtlpContext): Record<string, AttributeValue> {
  const step = first(span, 'model.step');
  if (!step) return {};
  const { model } = splitModelLabel(step.data.model);
  const { reasoning, text, finishReason, usage, costUsd } = step.data;
  const input = chatInputMessages(ctx.state, span);
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.agent.name': span.agent ?? undefined,
    'gen_ai.provider.name': providerOf(step.data.model),
    'gen_ai.request.model': model,
    'gen_ai.conversation.id': ctx.run.id,
    'gen_ai.usage.input_tokens': usage.inputTokens,
    'gen_ai.usage.output_tokens': usage.outputTokens,
    'gen_ai.response.finish_reasons': [conventionFinishReason(finishReason)],
    'gen_ai.input.messages': input?.json,
    'aco.input_messages.dropped': input && input.dropped > 0 ? input.dropped : undefined,
    'gen_ai.output.messages': JSON.stringify([outputMessage(step.data)]),
    'aco.model.step': step.data.step,
    'aco.cost_usd': { double: costUsd },
    'output.value': [reasoning, text].filter(Boolean).join('\n\n') || undefined,
  };
}

function toolAttributes(span: Span): Record<string, AttributeValue> {
  const call = first(span, 'tool.call');
  const result = first(span, 'tool.result');
  if (!call) return refusedCallAttributes(span);
  const outcome = result
    ? jsonText(result.data.status === 'error' ? (result.data.error ?? result.data.output) : result.data.output)
    : undefined;
  return {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.agent.name': span.agent ?? undefined,
    'gen_ai.tool.name': call.data.toolName,
    'gen_ai.tool.call.id': call.data.toolCallId,
    'gen_ai.tool.type': 'function',
    'gen_ai.tool.call.arguments': jsonText(call.data.input),
    'gen_ai.tool.call.result': outcome,
    'error.type': result?.data.error?.code,
    'aco.service': call.data.service,
    'aco.service.operation': call.data.operation,
    'aco.agent.target': call.data.target,
    ...faultAttributes(span),
    ...blockedAttributes(span),
    'input.value': jsonText(call.data.input),
    'output.value': outcome,
  };
}

/** Injected faults as attributes too (receivers that drop span events keep them): kinds, rules, effects, in firing order. */
function faultAttributes(span: Span): Record<string, AttributeValue> {
  const faults = span.events.filter((e): e is TraceEventOf<'fault.injected'> => e.type === 'fault.injected');
  if (faults.length === 0) return {};
  return {
    'aco.fault.injected': true,
    'aco.fault.kinds': faults.map((f) => f.data.kind),
    'aco.fault.rule_ids': faults.map((f) => f.data.ruleId),
    'aco.fault.rule_names': faults.map((f) => f.data.ruleName),
    'aco.fault.effects': faults.map((f) => f.data.effect),
  };
}

/** A blocked attempt as attributes too: the guard refused it, and why. */
function blockedAttributes(span: Span): Record<string, AttributeValue> {
  const blocked = first(span, 'guard.blocked');
  if (!blocked) return {};
  return {
    'aco.guard.blocked': true,
    'aco.guard.reason': blocked.data.reason,
    'aco.guard.code': blocked.data.code,
    'aco.guard.message': blocked.data.message,
  };
}

/** A call the SDK refused before any tool ran (a tool the agent does not have): only its guard.blocked says what it was. */
function refusedCallAttributes(span: Span): Record<string, AttributeValue> {
  const blocked = first(span, 'guard.blocked');
  if (!blocked) return {};
  return {
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.agent.name': span.agent ?? undefined,
    'gen_ai.tool.name': blocked.data.toolName,
    'gen_ai.tool.call.id': blocked.data.toolCallId,
    'gen_ai.tool.type': 'function',
    'gen_ai.tool.call.arguments': jsonText(blocked.data.input),
    'error.type': blocked.data.reason,
    'aco.service': blocked.data.service,
    ...blockedAttributes(span),
    'input.value': jsonText(blocked.data.input),
  };
}

function messageAttributes(span: Span): Record<string, AttributeValue> {
  const message = first(span, 'message.sent');
  if (!message) return {};
  return {
    'aco.message.from': message.data.from,
    'aco.message.to': message.data.to,
    'aco.message.direction': message.data.direction,
    'gen_ai.tool.call.id': message.data.toolCallId,
    'output.value': message.data.text,
  };
}

/** What the harness gave back after the run, and why: the service calls are its execute_tool children. */
function settlementAttributes(span: Span): Record<string, AttributeValue> {
  const started = first(span, 'settlement.started');
  const finished = first(span, 'settlement.finished');
  if (!started) return {};
  return {
    'aco.order.id': started.data.orderId,
    'aco.settlement.trigger': started.data.trigger,
    'aco.settlement.reason': started.data.reason,
    'aco.settlement.plan': JSON.stringify(started.data.plan),
    'aco.settlement.holdings_before': JSON.stringify(started.data.holdings),
    'aco.settlement.status': finished?.data.status,
    'aco.settlement.undone': finished ? JSON.stringify(finished.data.undone) : undefined,
    'aco.settlement.failed':
      finished && finished.data.failed.length > 0 ? JSON.stringify(finished.data.failed) : undefined,
    'aco.settlement.holdings_after': finished ? JSON.stringify(finished.data.holdings) : undefined,
    'input.value': started.data.reason,
    'output.value': finished
      ? [...finished.data.undone, ...finished.data.failed].join('; ') || 'nothing to give back'
      : undefined,
  };
}

const ATTRIBUTES: Record<Exclude<SpanKind, 'run'>, (span: Span, ctx: OtlpContext) => Record<string, AttributeValue>> = {
  invoke_agent: agentAttributes,
  chat: chatAttributes,
  execute_tool: toolAttributes,
  message: messageAttributes,
  settlement: settlementAttributes,
};

function spanEvents(span: Span): OtlpSpanEvent[] {
  return span.events.flatMap((event): OtlpSpanEvent[] => {
    if (event.type === 'fault.injected') {
      const { ruleId, ruleName, service, operation, kind, effect, toolCallId } = event.data;
      return [
        {
          timeUnixNano: unixNanos(event.ts),
          name: 'fault.injected',
          attributes: keyValues({
            'aco.fault.rule_id': ruleId,
            'aco.fault.rule_name': ruleName,
            'aco.fault.kind': kind,
            'aco.fault.effect': effect,
            'aco.service': service,
            'aco.service.operation': operation,
            'gen_ai.tool.call.id': toolCallId,
          }),
        },
      ];
    }
    if (event.type === 'guard.blocked') {
      const { agent, toolName, toolCallId, reason, code, message, service } = event.data;
      return [
        {
          timeUnixNano: unixNanos(event.ts),
          name: 'guard.blocked',
          attributes: keyValues({
            'aco.guard.reason': reason,
            'aco.guard.code': code,
            'aco.guard.message': message,
            'gen_ai.agent.name': agent,
            'gen_ai.tool.name': toolName,
            'gen_ai.tool.call.id': toolCallId,
            'aco.service': service,
          }),
        },
      ];
    }
    if (event.type === 'faults.changed') {
      return [
        {
          timeUnixNano: unixNanos(event.ts),
          name: 'faults.changed',
          attributes: keyValues({ 'aco.fault.rules': JSON.stringify(event.data.rules) }),
        },
      ];
    }
    return [];
  });
}

/** The span's OTLP name: as the projection names it, except chat spans, `{operation} {request.model}` per the conventions. */
function otlpName(span: Span): string {
  const step = span.kind === 'chat' ? first(span, 'model.step') : undefined;
  return step ? `chat ${splitModelLabel(step.data.model).model}` : span.name;
}

/**
 * One span of the fold as an OTLP span. `lastTs` ends a span still open (the run is in progress: it
 * has lasted until the latest event so far).
 */
export function otlpSpan(ctx: OtlpContext, id: string, lastTs: number): OtlpSpan {
  const { run, state } = ctx;
  const span = state.spans[id];
  const root = runSpan(state);
  // A span whose parent never appeared (an emitter's slip) hangs from the run, so the tree stays whole.
  const parent =
    span.parentId !== null && Object.hasOwn(state.spans, span.parentId)
      ? span.parentId
      : span.kind === 'run'
        ? null
        : (root?.id ?? null);
  const end = Math.max(span.startTs, span.endTs ?? lastTs);
  const failed = span.status === 'error' && span.error !== null;
  const attributes = {
    'aco.span.id': span.id,
    'openinference.span.kind': OPENINFERENCE_KIND[span.kind],
    ...(span.kind === 'run' ? runAttributes(run, span) : ATTRIBUTES[span.kind](span, ctx)),
    // Every failed span says how (Conditionally Required on every GenAI span when the operation failed).
    ...(failed ? { 'error.type': span.error?.code } : {}),
  };
  const events = spanEvents(span);
  return {
    traceId: otlpTraceId(run.id),
    spanId: otlpSpanId(run.id, span.id),
    ...(parent === null ? {} : { parentSpanId: otlpSpanId(run.id, parent) }),
    name: otlpName(span),
    kind: OTLP_KIND[span.kind] as OtlpSpan['kind'],
    startTimeUnixNano: unixNanos(span.startTs),
    endTimeUnixNano: unixNanos(end),
    attributes: keyValues(attributes),
    ...(events.length ? { events } : {}),
    ...(failed && span.error
      ? { status: { code: STATUS_CODE.ERROR, message: `${span.error.code}: ${span.error.message}` } }
      : {}),
  };
}

export const OTLP_RESOURCE_ATTRIBUTES = { 'service.name': OTLP_SERVICE_NAME } as const;

export function otlpDocument(spans: OtlpSpan[]): OtlpTracesDocument {
  return {
    resourceSpans: [
      {
        resource: { attributes: keyValues(OTLP_RESOURCE_ATTRIBUTES) },
        scopeSpans: [{ scope: { ...OTLP_SCOPE }, spans }],
      },
    ],
  };
}

export function runToOtlp(run: ExportedRun, events: readonly TraceEvent[]): OtlpTracesDocument {
  const state = foldSpans(events);
  const lastTs = events.reduce((max, e) => Math.max(max, e.ts), Number.NEGATIVE_INFINITY);
  const ctx = otlpContext(run, state);
  return otlpDocument(state.order.map((id) => otlpSpan(ctx, id, lastTs)));
}
