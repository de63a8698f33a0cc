import { ROOT_SPAN_ID, type TraceEvent, type TraceEventOf } from '../events';
import { foldBatch, own, withEntry, withItem } from './fold';

/**
 * Events → spans (OpenTelemetry GenAI operations): the run root, agent invocations (invoke_agent),
 * model steps (chat), tool calls (execute_tool), the messages agents exchange, and the harness's
 * settlement (what it gave back after the run; its service calls are execute_tool children).
 * Spans are never stored: this fold is the only place they exist.
 */

export type SpanKind = 'run' | 'invoke_agent' | 'chat' | 'execute_tool' | 'message' | 'settlement';
export type SpanStatus = 'running' | 'ok' | 'error';
export type SpanAttributes = Readonly<Record<string, string | number | boolean>>;

export interface SpanError {
  code: string;
  message: string;
}

export interface Span {
  id: string;
  parentId: string | null;
  kind: SpanKind;
  /** OTel-style: `invoke_agent PaymentAgent`, `chat offline-planner`, `execute_tool authorize`. */
  name: string;
  agent: string | null;
  startTs: number;
  /** null while the span is open. */
  endTs: number | null;
  status: SpanStatus;
  error: SpanError | null;
  /** fault.injected events that fired inside this span. */
  faultCount: number;
  /** The guard refused this tool call (guard.blocked): it never reached a service. */
  blocked: boolean;
  /** OTel GenAI attribute names where they exist (gen_ai.tool.call.id, …), so an OTLP export is a mapping. */
  attributes: SpanAttributes;
  /** The events that belong to this span, in seq order. */
  events: readonly TraceEvent[];
}

export interface SpanState {
  spans: Readonly<Record<string, Span>>;
  /** Span ids in the order they started (first event seq). */
  order: readonly string[];
  /** Parent span id → child span ids, in start order. */
  children: Readonly<Record<string, readonly string[]>>;
  /** Events whose span was never opened (an emitter bug, kept visible rather than dropped). */
  orphans: readonly TraceEvent[];
  /** The highest seq applied: an event at or below it is a duplicate and is ignored. */
  lastSeq: number;
}

export const emptySpans: SpanState = { spans: {}, order: [], children: {}, orphans: [], lastSeq: 0 };

/** Message spans are derived, one per message.sent, under the ask_* tool span that carried it. */
export function messageSpanId(toolSpanId: string, seq: number): string {
  return `${toolSpanId}/msg-${seq}`;
}

function openSpan(
  state: SpanState,
  span: Omit<Span, 'endTs' | 'status' | 'error' | 'faultCount' | 'blocked'> & Partial<Span>,
): SpanState {
  // A span id opened twice is an emitter bug: keep the first span, show the event as an orphan.
  if (own(state.spans, span.id)) return { ...state, orphans: [...state.orphans, ...span.events] };
  const full: Span = { endTs: null, status: 'running', error: null, faultCount: 0, blocked: false, ...span };
  const siblingsKey = full.parentId ?? '';
  return {
    ...state,
    spans: withEntry(state.spans, full.id, full),
    order: withItem(state.order, full.id),
    children: withEntry(state.children, siblingsKey, withItem(own(state.children, siblingsKey) ?? [], full.id)),
  };
}

function updateSpan(state: SpanState, event: TraceEvent, change: (span: Span) => Partial<Span>): SpanState {
  const span = own(state.spans, event.spanId);
  if (!span) return { ...state, orphans: [...state.orphans, event] };
  const next: Span = { ...span, ...change(span), events: [...span.events, event] };
  return { ...state, spans: withEntry(state.spans, span.id, next) };
}

/** At the run's end, spans still open are closed there: they will never get their own end event. */
function closeOpenSpans(state: SpanState, ts: number, error: SpanError): SpanState {
  let spans: Record<string, Span> | null = null;
  for (const id of state.order) {
    const span = state.spans[id];
    if (span.endTs !== null || span.kind === 'run') continue;
    spans ??= { ...state.spans };
    spans[id] = { ...span, endTs: ts, status: 'error', error };
  }
  return spans ? { ...state, spans } : state;
}

function runEnd(state: SpanState, event: TraceEventOf<'run.finished' | 'run.interrupted'>): SpanState {
  const error: SpanError | null =
    event.type === 'run.interrupted'
      ? { code: 'interrupted', message: event.data.reason }
      : event.data.status === 'failed'
        ? { code: 'run_failed', message: event.data.outcome }
        : null;
  const closed = closeOpenSpans(
    state,
    event.ts,
    event.type === 'run.interrupted'
      ? { code: 'interrupted', message: event.data.reason }
      : { code: 'unfinished', message: 'the run ended before this span did' },
  );
  return updateSpan(closed, event, () => ({ endTs: event.ts, status: error ? 'error' : 'ok', error }));
}

function apply(state: SpanState, event: TraceEvent): SpanState {
  const base = { id: event.spanId, parentId: event.parentSpanId, agent: event.agent, events: [event] };
  switch (event.type) {
    case 'run.started':
      return openSpan(state, {
        ...base,
        kind: 'run',
        name: `run ${event.data.mode}`,
        startTs: event.ts,
        attributes: {
          'run.mode': event.data.mode,
          'gen_ai.request.model': event.data.model,
          'run.seed': event.data.seed,
        },
      });
    case 'run.finished':
    case 'run.interrupted':
      return runEnd(state, event);
    case 'run.resumed':
    case 'faults.changed':
    case 'model.retry':
    case 'agent.nudged':
      return updateSpan(state, event, () => ({}));
    case 'agent.started':
      return openSpan(state, {
        ...base,
        kind: 'invoke_agent',
        name: `invoke_agent ${event.data.agent}`,
        agent: event.data.agent,
        startTs: event.ts,
        attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': event.data.agent },
      });
    case 'agent.finished':
      return updateSpan(state, event, () => ({
        endTs: event.ts,
        status: event.data.status,
        error: event.data.status === 'error' ? { code: 'agent_failed', message: event.data.answer } : null,
      }));
    case 'model.step': {
      // Recorded when the step is over; it began latencyMs earlier.
      const failed = event.data.finishReason === 'error';
      return openSpan(state, {
        ...base,
        kind: 'chat',
        name: `chat ${event.data.model}`,
        agent: event.data.agent,
        startTs: event.ts - event.data.latencyMs,
        endTs: event.ts,
        status: failed ? 'error' : 'ok',
        error: failed ? { code: 'model_error', message: event.data.text || 'the model step failed' } : null,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': event.data.model,
          'gen_ai.usage.input_tokens': event.data.usage.inputTokens,
          'gen_ai.usage.output_tokens': event.data.usage.outputTokens,
          'gen_ai.response.finish_reasons': event.data.finishReason,
        },
      });
    }
    case 'tool.call': {
      const { toolName, toolCallId, service, operation, target } = event.data;
      return openSpan(state, {
        ...base,
        kind: 'execute_tool',
        name: `execute_tool ${toolName}`,
        startTs: event.ts,
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': toolName,
          'gen_ai.tool.call.id': toolCallId,
          ...(service ? { 'service.name': service } : {}),
          ...(operation ? { 'service.operation': operation } : {}),
          ...(target ? { 'gen_ai.agent.target': target } : {}),
        },
      });
    }
    case 'tool.result': {
      const { status, error } = event.data;
      return updateSpan(state, event, (span) => ({
        endTs: event.ts,
        status,
        error: status === 'error' ? { code: error?.code ?? 'tool_error', message: error?.message ?? '' } : null,
        attributes: error ? { ...span.attributes, 'error.type': error.code } : span.attributes,
      }));
    }
    case 'fault.injected':
      return updateSpan(state, event, (span) => ({ faultCount: span.faultCount + 1 }));
    case 'guard.blocked': {
      const { toolName, toolCallId, reason, message } = event.data;
      // On a tool's own span (its scope check refused): the tool.result that follows ends it.
      if (own(state.spans, event.spanId))
        return updateSpan(state, event, (span) => ({
          blocked: true,
          attributes: { ...span.attributes, 'aco.guard.reason': reason },
        }));
      // The SDK refused the call before any tool ran: the attempt is a span of its own, over at once.
      return openSpan(state, {
        ...base,
        kind: 'execute_tool',
        name: `execute_tool ${toolName}`,
        startTs: event.ts,
        endTs: event.ts,
        status: 'error',
        error: { code: reason, message },
        blocked: true,
        attributes: {
          'gen_ai.operation.name': 'execute_tool',
          'gen_ai.tool.name': toolName,
          'gen_ai.tool.call.id': toolCallId,
          'error.type': reason,
          'aco.guard.reason': reason,
        },
      });
    }
    case 'settlement.started': {
      const { orderId, trigger, holdings, plan } = event.data;
      return openSpan(state, {
        ...base,
        kind: 'settlement',
        name: 'settlement',
        startTs: event.ts,
        attributes: {
          'settlement.order_id': orderId,
          'settlement.trigger': trigger,
          'settlement.reason': event.data.reason,
          'settlement.planned_steps': plan.length,
          'settlement.held_reservations': holdings.heldReservations,
          'settlement.open_authorizations': holdings.openAuthorizations,
          'settlement.unrefunded_cents': holdings.unrefundedCents,
        },
      });
    }
    case 'settlement.finished': {
      const { status, failed } = event.data;
      return updateSpan(state, event, (span) => ({
        endTs: event.ts,
        status: status === 'settled' ? 'ok' : 'error',
        error:
          status === 'settled'
            ? null
            : { code: 'needs_review', message: failed.join('; ') || 'something is still held' },
        attributes: { ...span.attributes, 'settlement.status': status, 'settlement.undone': event.data.undone.length },
      }));
    }
    case 'message.sent': {
      if (!own(state.spans, event.spanId)) return { ...state, orphans: [...state.orphans, event] };
      const { from, to, direction, toolCallId } = event.data;
      return openSpan(state, {
        ...base,
        id: messageSpanId(event.spanId, event.seq),
        parentId: event.spanId,
        kind: 'message',
        name: `message ${from} → ${to}`,
        startTs: event.ts,
        endTs: event.ts,
        status: 'ok',
        attributes: {
          'message.from': from,
          'message.to': to,
          'message.direction': direction,
          'gen_ai.tool.call.id': toolCallId,
        },
      });
    }
  }
}

export function reduceSpans(state: SpanState, event: TraceEvent): SpanState {
  if (event.seq <= state.lastSeq) return state;
  return { ...apply(state, event), lastSeq: event.seq };
}

export function foldSpans(events: Iterable<TraceEvent>, initial: SpanState = emptySpans): SpanState {
  return foldBatch(reduceSpans, initial, events);
}

export interface SpanNode {
  span: Span;
  children: SpanNode[];
}

/** The tree: roots are spans without a parent, or whose parent never appeared. */
export function spanTree(state: SpanState): SpanNode[] {
  const build = (id: string): SpanNode => ({
    span: state.spans[id],
    children: (own(state.children, id) ?? []).map(build),
  });
  return state.order.filter((id) => isRoot(state, state.spans[id])).map(build);
}

export function isRoot(state: SpanState, span: Span): boolean {
  return span.parentId === null || !own(state.spans, span.parentId);
}

/** The run's root span, once run.started has been seen. */
export function runSpan(state: SpanState): Span | undefined {
  return own(state.spans, ROOT_SPAN_ID);
}
