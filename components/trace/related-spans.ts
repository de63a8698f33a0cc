import type { Span, SpanState } from '@/lib/trace/projections/spans';

/**
 * The spans behind a graph node or edge, in start order: what the inspector lists when a
 * node or an edge is clicked. Ids follow lib/trace/projections/graph.ts:
 * agent:<Name>, service:<name>, message:<From>->agent:<To>, tool:<Agent>->service:<name>.
 */
export function spansForNode(state: SpanState, nodeId: string): Span[] {
  const [kind, name] = splitOnce(nodeId, ':');
  return pick(state, (s) =>
    kind === 'agent'
      ? (s.kind === 'invoke_agent' && s.agent === name) || (s.kind === 'execute_tool' && s.agent === name)
      : s.kind === 'execute_tool' && s.attributes['service.name'] === name,
  );
}

export function spansForEdge(state: SpanState, edgeId: string): Span[] {
  const [kind, rest] = splitOnce(edgeId, ':');
  const [from, to] = splitOnce(rest, '->');
  const [, target] = splitOnce(to, ':');
  if (kind === 'tool')
    return pick(state, (s) => s.kind === 'execute_tool' && s.agent === from && s.attributes['service.name'] === target);
  return pick(
    state,
    (s) => s.kind === 'execute_tool' && s.agent === from && s.attributes['gen_ai.agent.target'] === target,
  );
}

function pick(state: SpanState, keep: (span: Span) => boolean): Span[] {
  const out: Span[] = [];
  for (const id of state.order) if (keep(state.spans[id])) out.push(state.spans[id]);
  return out;
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + separator.length)];
}

/** The fault.injected events of a span, with what the inspector shows of each. */
export function faultsOf(span: Span) {
  return span.events.flatMap((e) => (e.type === 'fault.injected' ? [e.data] : []));
}
