import type { TraceEvent, TraceEventOf } from '../events';
import { foldBatch, own, withEntry } from './fold';

/**
 * Events → the agent graph (docs/architecture.md, "The trace"): nodes are the agents that appear and the
 * services they called; edges are agent→agent messages and agent→service tool calls, with counts and
 * status. Small by construction (agents and services, never one node per event), so layout stays cheap.
 */

export type GraphNodeKind = 'agent' | 'service';
/** recovered: its work ended well after calls that failed (a declined card, then the backup card). */
export type GraphNodeStatus = 'idle' | 'active' | 'ok' | 'recovered' | 'error';
export type CallStatus = 'ok' | 'error';

export interface GraphNode {
  /** 'agent:<Name>' or 'service:<name>'. */
  id: string;
  kind: GraphNodeKind;
  name: string;
  /**
   * active while it has work open; error for the root of a run that failed, when its last finished work failed,
   * or when some of its service calls failed and none made them good; recovered when every failed call was made
   * good by a later one; else ok; idle if none yet.
   */
  status: GraphNodeStatus;
  /** Agent: times invoked (agent.started). Service: tool calls received. */
  calls: number;
  /** Agent: invocations that finished in error. Service: calls that failed. */
  errors: number;
  /** Service calls that failed (agent: the ones it made; service: the ones it answered), not the guard's refusals. */
  failedCalls: number;
  /** Of those, the ones a later call on the same agent→service edge made good (the same work, done). */
  recovered: number;
  /** Service: faults injected into it. Agent: faults injected into its tool calls. */
  faults: number;
  /** Agent: its calls the guard refused. Service: calls aimed at it that the guard stopped (not counted in calls). */
  blocked: number;
  /** Open work: invocations not yet finished plus tool calls not yet answered. */
  open: number;
  lastStatus: CallStatus | null;
  /** The run's root (the CheckoutAgent, or the orchestrator) of a run that failed or was interrupted: never green. */
  runFailed: boolean;
}

export type GraphEdgeKind = 'message' | 'tool';

export interface GraphEdge {
  /** 'message:<From>->agent:<To>' or 'tool:<Agent>->service:<name>'. */
  id: string;
  kind: GraphEdgeKind;
  source: string;
  target: string;
  /** Requests (messages) or tool calls. */
  count: number;
  /** Replies received on a message edge. */
  replyCount: number;
  okCount: number;
  errorCount: number;
  /** fault.injected inside one of this edge's tool spans. */
  faultCount: number;
  /** Attempts on this edge the guard refused (guard.blocked): never reached the service, not in ok/error counts. */
  blockedCount: number;
  /** Failed calls a later ok call on this edge made good. */
  recoveredCount: number;
  /** Failed calls not (yet) made good. */
  unrecovered: number;
  lastStatus: CallStatus | null;
  /** A call is open: sent and not yet answered. */
  active: boolean;
  open: number;
  lastTs: number;
}

interface OpenCall {
  edgeId: string;
  callerId: string;
  serviceId: string | null;
  open: boolean;
  /** The guard refused it: its result is a refusal, not the service's answer. */
  blocked?: boolean;
}

export interface GraphState {
  nodes: Readonly<Record<string, GraphNode>>;
  /** Node ids in order of first appearance (a stable order for layout). */
  nodeOrder: readonly string[];
  edges: Readonly<Record<string, GraphEdge>>;
  edgeOrder: readonly string[];
  /** Tool span id → the edge its call runs on (tool.result, fault.injected and replies find it here). */
  calls: Readonly<Record<string, OpenCall>>;
  /** The node the run starts at: the agent invoked from the run span, or the one calling services from it (the orchestrator). */
  rootId: string | null;
  lastSeq: number;
}

export const emptyGraph: GraphState = {
  nodes: {},
  nodeOrder: [],
  edges: {},
  edgeOrder: [],
  calls: {},
  rootId: null,
  lastSeq: 0,
};

export const agentNodeId = (agent: string): string => `agent:${agent}`;
export const serviceNodeId = (service: string): string => `service:${service}`;
export const messageEdgeId = (from: string, to: string): string => `message:${from}->agent:${to}`;
export const toolEdgeId = (agent: string, service: string): string => `tool:${agent}->service:${service}`;

function statusOf(
  node: Pick<GraphNode, 'open' | 'lastStatus' | 'failedCalls' | 'recovered' | 'runFailed'>,
): GraphNodeStatus {
  if (node.open > 0) return 'active';
  if (node.runFailed) return 'error';
  // Ended well after failures: recovered if every failed call was made good, else the failures stand.
  if (node.lastStatus === 'ok' && node.failedCalls > 0)
    return node.recovered >= node.failedCalls ? 'recovered' : 'error';
  return node.lastStatus ?? 'idle';
}

function ensureNode(state: GraphState, id: string, kind: GraphNodeKind, name: string): GraphState {
  if (own(state.nodes, id)) return state;
  const node: GraphNode = {
    id,
    kind,
    name,
    status: 'idle',
    calls: 0,
    errors: 0,
    failedCalls: 0,
    recovered: 0,
    faults: 0,
    blocked: 0,
    open: 0,
    lastStatus: null,
    runFailed: false,
  };
  return { ...state, nodes: withEntry(state.nodes, id, node), nodeOrder: [...state.nodeOrder, id] };
}

function ensureAgent(state: GraphState, agent: string | null | undefined): GraphState {
  return agent ? ensureNode(state, agentNodeId(agent), 'agent', agent) : state;
}

function changeNode(state: GraphState, id: string, change: (node: GraphNode) => Partial<GraphNode>): GraphState {
  const node = own(state.nodes, id);
  if (!node) return state;
  const next = { ...node, ...change(node) };
  return { ...state, nodes: withEntry(state.nodes, id, { ...next, status: statusOf(next) }) };
}

function ensureEdge(
  state: GraphState,
  id: string,
  kind: GraphEdgeKind,
  source: string,
  target: string,
  ts: number,
): GraphState {
  if (own(state.edges, id)) return state;
  const edge: GraphEdge = {
    id,
    kind,
    source,
    target,
    count: 0,
    replyCount: 0,
    okCount: 0,
    errorCount: 0,
    faultCount: 0,
    blockedCount: 0,
    recoveredCount: 0,
    unrecovered: 0,
    lastStatus: null,
    active: false,
    open: 0,
    lastTs: ts,
  };
  return { ...state, edges: withEntry(state.edges, id, edge), edgeOrder: [...state.edgeOrder, id] };
}

function changeEdge(
  state: GraphState,
  id: string,
  ts: number,
  change: (edge: GraphEdge) => Partial<GraphEdge>,
): GraphState {
  const edge = own(state.edges, id);
  if (!edge) return state;
  const next = { ...edge, ...change(edge), lastTs: ts };
  return { ...state, edges: withEntry(state.edges, id, { ...next, active: next.open > 0 }) };
}

function openCall(state: GraphState, spanId: string, call: Omit<OpenCall, 'open'>): GraphState {
  return { ...state, calls: withEntry(state.calls, spanId, { ...call, open: true }) };
}

/** Closes a call once (a reply and the ask tool's result both close the same call). */
function closeCall(state: GraphState, spanId: string, ts: number): GraphState {
  const call = own(state.calls, spanId);
  if (!call?.open) return state;
  let next: GraphState = { ...state, calls: withEntry(state.calls, spanId, { ...call, open: false }) };
  next = changeEdge(next, call.edgeId, ts, (e) => ({ open: Math.max(0, e.open - 1) }));
  next = changeNode(next, call.callerId, (n) => ({ open: Math.max(0, n.open - 1) }));
  if (call.serviceId) next = changeNode(next, call.serviceId, (n) => ({ open: Math.max(0, n.open - 1) }));
  return next;
}

function withRoot(state: GraphState, event: TraceEvent): GraphState {
  if (state.rootId !== null || event.parentSpanId !== 'run' || !event.agent) return state;
  if (event.type !== 'agent.started' && event.type !== 'tool.call') return state;
  return { ...state, rootId: agentNodeId(event.agent) };
}

/** At the run's end nothing is open any more; a call never answered counts as failed for status; a failed run's root is red. */
function closeEverything(state: GraphState, ts: number, failed: boolean): GraphState {
  const busy = state.nodeOrder.filter((id) => state.nodes[id].open > 0);
  let next = state;
  for (const [spanId, call] of Object.entries(state.calls)) {
    if (!call.open) continue;
    next = closeCall(next, spanId, ts);
    next = changeEdge(next, call.edgeId, ts, () => ({ lastStatus: 'error' }));
  }
  for (const id of busy) next = changeNode(next, id, () => ({ open: 0, lastStatus: 'error' }));
  if (failed && next.rootId) next = changeNode(next, next.rootId, () => ({ runFailed: true }));
  return next;
}

function apply(state: GraphState, event: TraceEvent): GraphState {
  switch (event.type) {
    case 'agent.started': {
      const id = agentNodeId(event.data.agent);
      const next = ensureAgent(state, event.data.agent);
      return changeNode(next, id, (n) => ({ calls: n.calls + 1, open: n.open + 1 }));
    }
    case 'agent.finished': {
      const id = agentNodeId(event.data.agent);
      const failed = event.data.status === 'error';
      const next = ensureAgent(state, event.data.agent);
      return changeNode(next, id, (n) => ({
        open: Math.max(0, n.open - 1),
        errors: n.errors + (failed ? 1 : 0),
        lastStatus: event.data.status,
      }));
    }
    case 'model.step':
    case 'model.retry':
    case 'agent.nudged':
      return ensureAgent(state, event.data.agent);
    case 'message.sent': {
      const { from, to, direction } = event.data;
      let next = ensureAgent(ensureAgent(state, from), to);
      if (direction === 'request') {
        const id = messageEdgeId(from, to);
        next = ensureEdge(next, id, 'message', agentNodeId(from), agentNodeId(to), event.ts);
        next = changeEdge(next, id, event.ts, (e) => ({ count: e.count + 1, open: e.open + 1 }));
        next = changeNode(next, agentNodeId(from), (n) => ({ open: n.open + 1 }));
        return openCall(next, event.spanId, { edgeId: id, callerId: agentNodeId(from), serviceId: null });
      }
      // A reply counts on the edge of the request it answers.
      const edgeId = own(next.calls, event.spanId)?.edgeId ?? messageEdgeId(to, from);
      next = changeEdge(next, edgeId, event.ts, (e) => ({ replyCount: e.replyCount + 1 }));
      return closeCall(next, event.spanId, event.ts);
    }
    case 'tool.call': {
      // An ingested trace's tools are nodes too (`node`), drawn as services are.
      const service = event.data.service ?? event.data.node;
      let next = ensureAgent(state, event.agent);
      // ask_* tools draw nothing themselves: their message.sent draws the agent→agent edge.
      if (!service || !event.agent) return next;
      const id = toolEdgeId(event.agent, service);
      const serviceId = serviceNodeId(service);
      next = ensureNode(next, serviceId, 'service', service);
      next = ensureEdge(next, id, 'tool', agentNodeId(event.agent), serviceId, event.ts);
      next = changeEdge(next, id, event.ts, (e) => ({ count: e.count + 1, open: e.open + 1 }));
      next = changeNode(next, serviceId, (n) => ({ calls: n.calls + 1, open: n.open + 1 }));
      next = changeNode(next, agentNodeId(event.agent), (n) => ({ open: n.open + 1 }));
      return openCall(next, event.spanId, { edgeId: id, callerId: agentNodeId(event.agent), serviceId });
    }
    case 'tool.result': {
      const call = own(state.calls, event.spanId);
      if (!call) return ensureAgent(state, event.agent);
      const { status } = event.data;
      const failed = status === 'error' ? 1 : 0;
      let next = closeCall(state, event.spanId, event.ts);
      // A refusal is counted as blocked (guard.blocked), not as the service's ok or error.
      if (call.blocked) return next;
      // An ok call makes good the failures before it on the same edge (the same agent asking the same service again).
      const madeGood = failed ? 0 : (own(next.edges, call.edgeId)?.unrecovered ?? 0);
      next = changeEdge(next, call.edgeId, event.ts, (e) => ({
        okCount: e.okCount + 1 - failed,
        errorCount: e.errorCount + failed,
        lastStatus: status,
        unrecovered: failed ? e.unrecovered + 1 : 0,
        recoveredCount: e.recoveredCount + madeGood,
      }));
      if (!call.serviceId) return next;
      const counted = (n: GraphNode) => ({ failedCalls: n.failedCalls + failed, recovered: n.recovered + madeGood });
      next = changeNode(next, call.serviceId, (n) => ({
        ...counted(n),
        errors: n.errors + failed,
        lastStatus: status,
      }));
      // An agent that is never invoked (the orchestrator) shows the state of its last call.
      next = changeNode(next, call.callerId, (n) => ({
        ...counted(n),
        ...(n.calls === 0 ? { lastStatus: status } : {}),
      }));
      return next;
    }
    case 'fault.injected': {
      const serviceId = serviceNodeId(event.data.service);
      let next = ensureNode(state, serviceId, 'service', event.data.service);
      next = changeNode(next, serviceId, (n) => ({ faults: n.faults + 1 }));
      if (event.agent)
        next = changeNode(ensureAgent(next, event.agent), agentNodeId(event.agent), (n) => ({ faults: n.faults + 1 }));
      const call = own(next.calls, event.spanId);
      return call ? changeEdge(next, call.edgeId, event.ts, (e) => ({ faultCount: e.faultCount + 1 })) : next;
    }
    case 'guard.blocked':
      return applyBlocked(state, event);
    case 'run.finished':
      return closeEverything(state, event.ts, event.data.status === 'failed');
    case 'run.interrupted':
      return closeEverything(state, event.ts, true);
    case 'settlement.started': {
      // The harness shows as a node of its own, invoked once per settlement, like an agent.
      const id = agentNodeId(event.agent ?? 'Settlement');
      const next = ensureAgent(state, event.agent ?? 'Settlement');
      return changeNode(next, id, (n) => ({ calls: n.calls + 1, open: n.open + 1 }));
    }
    case 'settlement.finished': {
      const id = agentNodeId(event.agent ?? 'Settlement');
      const failed = event.data.status !== 'settled';
      const next = ensureAgent(state, event.agent ?? 'Settlement');
      return changeNode(next, id, (n) => ({
        open: Math.max(0, n.open - 1),
        errors: n.errors + (failed ? 1 : 0),
        lastStatus: failed ? 'error' : 'ok',
      }));
    }
    case 'run.started':
    case 'run.resumed':
    case 'faults.changed':
      return state;
  }
}

/**
 * A refused call. On a tool span (its scope check refused) the call's edge is already drawn: it is
 * marked blocked and the service is told it never received it. A call the SDK refused (a tool the
 * agent does not have) has no span: its edge is drawn towards the service the tool name points at.
 */
function applyBlocked(state: GraphState, event: TraceEventOf<'guard.blocked'>): GraphState {
  const agent = event.agent ?? event.data.agent;
  let next = ensureAgent(state, agent);
  next = changeNode(next, agentNodeId(agent), (n) => ({ blocked: n.blocked + 1 }));
  const call = own(next.calls, event.spanId);
  if (call) {
    next = { ...next, calls: withEntry(next.calls, event.spanId, { ...call, blocked: true }) };
    next = changeEdge(next, call.edgeId, event.ts, (e) => ({ blockedCount: e.blockedCount + 1 }));
    return call.serviceId
      ? changeNode(next, call.serviceId, (n) => ({ blocked: n.blocked + 1, calls: Math.max(0, n.calls - 1) }))
      : next;
  }
  const { service } = event.data;
  if (!service) return next;
  const serviceId = serviceNodeId(service);
  const edgeId = toolEdgeId(agent, service);
  next = ensureNode(next, serviceId, 'service', service);
  next = ensureEdge(next, edgeId, 'tool', agentNodeId(agent), serviceId, event.ts);
  next = changeEdge(next, edgeId, event.ts, (e) => ({ blockedCount: e.blockedCount + 1 }));
  return changeNode(next, serviceId, (n) => ({ blocked: n.blocked + 1 }));
}

export function reduceGraph(state: GraphState, event: TraceEvent): GraphState {
  if (event.seq <= state.lastSeq) return state;
  return { ...apply(withRoot(state, event), event), lastSeq: event.seq };
}

export function foldGraph(events: Iterable<TraceEvent>, initial: GraphState = emptyGraph): GraphState {
  return foldBatch(reduceGraph, initial, events);
}

/** Nodes and edges as lists in a stable order, for a renderer or a JSON response. */
export function graphLists(state: GraphState): { nodes: GraphNode[]; edges: GraphEdge[] } {
  return { nodes: state.nodeOrder.map((id) => state.nodes[id]), edges: state.edgeOrder.map((id) => state.edges[id]) };
}
