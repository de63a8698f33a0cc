import type { OtlpSpan } from '@/lib/export/otlp-json';
import { ROOT_SPAN_ID, type NewTraceEvent } from '@/lib/trace/events';
import {
  agentName,
  attrsOf,
  finishReason,
  inputText,
  kindOf,
  modelLabel,
  modelOutput,
  outputText,
  str,
  toolCallId,
  toolInput,
  toolName,
  toolOutput,
  usage,
  type Attrs,
  type IngestKind,
} from './span-reading';

/**
 * One ingested trace (every span of one trace id) → our trace events, so every view (graph, timeline,
 * inspector, conversation, history, compare, export) reads it as it reads our own runs. Agents
 * become agent.started/finished, model calls model.step, tools tool.call/result (the tool a graph
 * node of its own); an agent inside another agent or inside a tool (a sub-agent, a handoff, an
 * agent used as a tool) is a message from the one to the other. Spans of no known kind (chains,
 * graph nodes, HTTP) are passed through: their children hang from the nearest known ancestor.
 * The run is a root of its own around the whole trace.
 */

export interface IngestSpan {
  span: OtlpSpan;
  /** The resource's service.name: who sent it. */
  service: string;
}

export interface IngestedRun {
  /** The run's goal (the top agent's prompt, else the root span's input or name). */
  goal: string;
  status: 'succeeded' | 'failed';
  outcome: string;
  model: string;
  startTs: number;
  endTs: number;
  events: NewTraceEvent[];
}

interface Node {
  s: OtlpSpan;
  attrs: Attrs;
  kind: IngestKind;
  startTs: number;
  endTs: number;
  depth: number;
  /** The nearest ancestor of a known kind (null: the run). */
  parent: Node | null;
  /** The nearest agent around it. */
  agent: Node | null;
  failed: boolean;
  service: string;
}

const ms = (nanos: string | number): number => Number(BigInt(nanos) / 1000n) / 1000;

/** Events sort by time; at one instant: spans that had begun end first, then starts (outer first), then zero-length ends (inner first). */
interface Placed {
  ts: number;
  phase: number;
  depth: number;
  order: number;
  event: NewTraceEvent;
}

export function traceToEvents(spans: readonly IngestSpan[]): IngestedRun {
  const byId = new Map(spans.map((x) => [x.span.spanId, x]));
  const nodes = new Map<string, Node>();
  const build = (id: string, seen: Set<string>): Node | null => {
    const have = nodes.get(id);
    if (have) return have;
    const entry = byId.get(id);
    if (!entry || seen.has(id)) return null; // parent not received, or a cycle: hang from the run
    seen.add(id);
    const { span } = entry;
    const attrs = attrsOf(span);
    const up = span.parentSpanId ? build(span.parentSpanId, seen) : null;
    const parentKnown = up ? (up.kind === 'other' ? up.parent : up) : null;
    const startTs = ms(span.startTimeUnixNano);
    const node: Node = {
      s: span,
      attrs,
      kind: kindOf(attrs),
      startTs,
      endTs: Math.max(startTs, ms(span.endTimeUnixNano)),
      depth: up ? up.depth + 1 : 1,
      parent: parentKnown,
      agent: null,
      failed: span.status?.code === 2,
      service: entry.service,
    };
    node.agent = parentKnown ? (parentKnown.kind === 'agent' ? parentKnown : parentKnown.agent) : null;
    nodes.set(id, node);
    return node;
  };
  for (const x of spans) build(x.span.spanId, new Set());
  const all = [...nodes.values()];
  const known = all.filter((n) => n.kind !== 'other');
  const startTs = Math.min(...all.map((n) => n.startTs));
  const endTs = Math.max(...all.map((n) => n.endTs));
  const roots = all.filter((n) => !n.s.parentSpanId || !byId.has(n.s.parentSpanId));
  const top = known.filter((n) => n.parent === null).sort((a, b) => a.startTs - b.startTs);
  const topAgent = top.find((n) => n.kind === 'agent');
  const failed = roots.some((n) => n.failed) || (topAgent?.failed ?? false);
  const models = known
    .filter((n) => n.kind === 'chat')
    .map((n) => modelLabel(n.attrs))
    .filter((m): m is string => m !== undefined);
  const model = models[0] ?? 'unknown';
  const goal =
    (topAgent ? inputText(topAgent.attrs) : '') ||
    inputText(roots[0]?.attrs ?? new Map()) ||
    roots[0]?.s.name ||
    'ingested trace';
  const answer = (topAgent ? outputText(topAgent.attrs) : '') || outputText(roots[0]?.attrs ?? new Map());
  const errorMessage = [...roots, ...(topAgent ? [topAgent] : [])].find((n) => n.failed)?.s.status?.message;
  const outcome = failed ? `failed: ${errorMessage || 'the trace ended in error'}` : oneLine(answer) || 'completed';

  const placed: Placed[] = [];
  let order = 0;
  const place = (ts: number, phase: number, depth: number, event: NewTraceEvent) =>
    placed.push({ ts, phase, depth, order: order++, event });
  const spanOf = (n: Node | null) => (n ? n.s.spanId : ROOT_SPAN_ID);
  const who = (n: Node) => (n.agent ? agentName(n.agent.attrs, n.agent.s) : n.service);
  const endPhase = (n: Node) => (n.endTs > n.startTs ? 0 : 2);

  place(startTs, 1, 0, {
    type: 'run.started',
    spanId: ROOT_SPAN_ID,
    parentSpanId: null,
    agent: null,
    ts: startTs,
    data: { goal, orderId: '', customerId: '', mode: 'agents', model, seed: 0, faultRules: [] },
  });
  const steps = new Map<Node, number>();
  for (const n of known) {
    const base = { spanId: n.s.spanId, parentSpanId: spanOf(n.parent) };
    if (n.kind === 'agent') {
      const name = agentName(n.attrs, n.s);
      const goalText = inputText(n.attrs);
      const answerText = outputText(n.attrs) || (n.failed ? (n.s.status?.message ?? 'failed') : '');
      place(n.startTs, 1, n.depth, {
        ...base,
        type: 'agent.started',
        agent: name,
        ts: n.startTs,
        data: { agent: name, goal: goalText },
      });
      // A sub-agent, a handoff or an agent used as a tool: the caller asked, the callee answered.
      const caller = n.parent?.kind === 'agent' ? n.parent : n.parent?.kind === 'tool' ? n.parent.agent : null;
      if (caller) {
        const from = agentName(caller.attrs, caller.s);
        const carrier = n.parent?.kind === 'tool' ? n.parent : n;
        const callId = carrier === n ? `handoff_${n.s.spanId}` : toolCallId(carrier.attrs, carrier.s);
        const message = {
          spanId: carrier.s.spanId,
          parentSpanId: spanOf(carrier === n ? n.parent : carrier.parent),
          agent: from,
        };
        place(n.startTs, 1, n.depth + 0.5, {
          ...message,
          type: 'message.sent',
          ts: n.startTs,
          data: { from, to: name, direction: 'request', text: goalText, toolCallId: callId },
        });
        // The reply's data says how it ended, as our agents' replies do (the conversation reads it).
        const replyData = n.failed
          ? {
              status: 'failed',
              error: { code: str(n.attrs, 'error.type') ?? 'agent_failed', message: n.s.status?.message ?? '' },
            }
          : { status: 'ok' };
        place(n.endTs, endPhase(n), -(n.depth + 0.5), {
          ...message,
          agent: name,
          type: 'message.sent',
          ts: n.endTs,
          data: { from: name, to: from, direction: 'reply', text: answerText, data: replyData, toolCallId: callId },
        });
      }
      const stepCount = known.filter((c) => c.kind === 'chat' && c.agent === n).length;
      place(n.endTs, endPhase(n), -n.depth, {
        ...base,
        type: 'agent.finished',
        agent: name,
        ts: n.endTs,
        data: {
          agent: name,
          status: n.failed ? 'error' : 'ok',
          answer: answerText,
          steps: stepCount,
          durationMs: n.endTs - n.startTs,
        },
      });
    } else if (n.kind === 'chat') {
      const agent = who(n);
      const step = (steps.get(n.agent ?? n) ?? 0) + 1;
      steps.set(n.agent ?? n, step);
      const out = modelOutput(n.attrs);
      place(n.endTs, endPhase(n), -n.depth, {
        ...base,
        type: 'model.step',
        agent,
        ts: n.endTs,
        data: {
          agent,
          step,
          model: modelLabel(n.attrs) ?? 'unknown',
          reasoning: out.reasoning,
          text: out.text || (n.failed ? (n.s.status?.message ?? '') : ''),
          toolCalls: out.toolCalls,
          finishReason: finishReason(n.attrs, n.failed),
          usage: usage(n.attrs),
          costUsd: 0,
          latencyMs: n.endTs - n.startTs,
        },
      });
    } else {
      const agent = who(n);
      const name = toolName(n.attrs, n.s);
      const callId = toolCallId(n.attrs, n.s);
      // A tool that runs an agent is a conversation (its message draws the edge), not a node.
      const carriesAgent = known.some((c) => c.kind === 'agent' && c.parent === n);
      place(n.startTs, 1, n.depth, {
        ...base,
        type: 'tool.call',
        agent,
        ts: n.startTs,
        data: {
          toolName: name,
          toolCallId: callId,
          input: toolInput(n.attrs),
          ...(carriesAgent ? { target: name } : { node: name }),
        },
      });
      const output = toolOutput(n.attrs);
      const error = n.failed
        ? {
            code: str(n.attrs, 'error.type') ?? 'error',
            message: n.s.status?.message ?? 'the tool failed',
            retryable: false,
          }
        : undefined;
      place(n.endTs, endPhase(n), -n.depth, {
        ...base,
        type: 'tool.result',
        agent,
        ts: n.endTs,
        data: {
          toolName: name,
          toolCallId: callId,
          status: n.failed ? 'error' : 'ok',
          ...(output === undefined ? {} : { output }),
          ...(error ? { error } : {}),
          latencyMs: n.endTs - n.startTs,
          ...(carriesAgent ? {} : { node: name }),
        },
      });
    }
  }
  place(endTs, 3, 0, {
    type: 'run.finished',
    spanId: ROOT_SPAN_ID,
    parentSpanId: null,
    agent: null,
    ts: endTs,
    data: { status: failed ? 'failed' : 'succeeded', outcome, durationMs: endTs - startTs },
  });
  placed.sort((a, b) => a.ts - b.ts || a.phase - b.phase || a.depth - b.depth || a.order - b.order);
  return {
    goal,
    status: failed ? 'failed' : 'succeeded',
    outcome,
    model,
    startTs,
    endTs,
    events: placed.map((p) => p.event),
  };
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
