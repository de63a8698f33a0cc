import type { TraceEvent, TraceEventOf } from '../events';
import {
  emptyNames,
  itemsOf,
  methodsOf,
  taskAction,
  toolAction,
  valueOf,
  type Action,
  type CardName,
  type Names,
} from './conversation-words';
import { foldBatch, own, withEntry, withIndex, withItem } from './fold';
import { messageSpanId } from './spans';

/**
 * A run as the agents' dialogue, in order: requests and replies between agents, each agent's
 * thoughts, every service call folded into one line, and the decisions, the places where an
 * agent's plan changed. A reducer like its siblings (live and replayed alike, idempotent per seq);
 * lines keep actions as data and conversation-words.ts says them with the names known when shown.
 *
 * A decision is read from events only, never from a planner's phrasing, so a real model's run
 * has them too: an obstacle (a failed call or ask, or a card list with no usable card) followed
 * by the same agent's next action on the same concern that is not the same attempt again (another
 * card, a status check, a new card), or by an undo (release, void, refund, a failure notice,
 * finishing failed), which starts a "give up cleanly" decision that gathers the undo steps after it.
 */

export type DecisionKind =
  | 'another_card'
  | 'new_card'
  | 'status_check'
  | 'another_carrier'
  | 'hold_shipment'
  | 'other_channel'
  | 'give_up'
  | 'changed';

export interface Obstacle {
  action: Action;
  code: string;
  message: string;
}

interface LineBase {
  /** Unique per line: the seq of the event that made it, plus a suffix when one event makes two. */
  id: string;
  seq: number;
  ts: number;
  agent: string;
  /** The span selecting this line selects (and that selects it back). */
  spanId: string;
  /** Other spans that select this line (the ask_* span of a message, say). */
  related: readonly string[];
}

export type ConversationLine =
  | (LineBase & { kind: 'request'; to: string; action: Action | null; text: string })
  | (LineBase & {
      kind: 'reply';
      to: string;
      action: Action | null;
      status: 'ok' | 'failed' | 'unknown';
      result: unknown;
      error: { code: string; message: string } | null;
      text: string;
    })
  | (LineBase & { kind: 'thought'; text: string })
  | (LineBase & {
      kind: 'tool';
      action: Action;
      status: 'running' | 'ok' | 'error' | 'blocked';
      output: unknown;
      error: { code: string; message: string } | null;
      faults: readonly string[];
      step: ScriptStep | null;
    })
  | (LineBase & {
      kind: 'decision';
      decision: DecisionKind;
      observed: Obstacle;
      chose: readonly Action[];
      finished: 'placed' | 'failed' | null;
    })
  | (LineBase & { kind: 'note'; tone: 'warning' | 'info'; text: string })
  | (LineBase & {
      kind: 'stop';
      step: ScriptStep;
      reason: string;
      error: Obstacle | null;
      skipped: readonly ScriptStep[];
    })
  | (LineBase & { kind: 'end'; status: 'succeeded' | 'failed' | 'interrupted'; text: string });

export type ConversationLineKind = ConversationLine['kind'];

/** One step of the orchestrator's fixed script (lib/orchestrator/order-service.ts), numbered from 1. */
export interface ScriptStep {
  index: number;
  of: number;
  key: string;
  words: string;
}

/**
 * The classic OrderService's script, in order. The trace layer may not import the orchestrator,
 * so it is written out here; a unit test checks a recorded orchestrator run walks exactly these.
 */
export const ORCHESTRATOR_SCRIPT: readonly Omit<ScriptStep, 'index' | 'of'>[] = [
  { key: 'inventory:check', words: 'check stock' },
  { key: 'inventory:reserve', words: 'reserve the stock' },
  { key: 'customer:listpaymentmethods', words: "look up the customer's cards" },
  { key: 'payment:authorize', words: 'authorize the primary card' },
  { key: 'payment:capture', words: 'capture the payment' },
  { key: 'shipping:createlabel', words: 'ship with UPS' },
  { key: 'inventory:commit', words: 'commit the stock' },
  { key: 'notification:sendemail', words: 'email a confirmation' },
];
const scriptStep = (i: number): ScriptStep => ({
  index: i + 1,
  of: ORCHESTRATOR_SCRIPT.length,
  ...ORCHESTRATOR_SCRIPT[i],
});

export interface ConversationState {
  lastSeq: number;
  mode: 'agents' | 'orchestrator' | null;
  customerId: string | null;
  orderId: string | null;
  items: readonly { sku: string; quantity: number }[];
  names: Names;
  lines: readonly ConversationLine[];
  status: 'running' | 'succeeded' | 'failed' | 'interrupted';
  /** tool span id → its call, and the index of its line when it has one. */
  calls: Readonly<Record<string, { action: Action; line: number | null; agentSpanId: string | null }>>;
  /** agent span id → the obstacle its next action answers. */
  pending: Readonly<Record<string, Obstacle>>;
  /** agent span id → the index of its open give-up decision, which gathers the undo steps after it. */
  givingUp: Readonly<Record<string, number>>;
  /** agent span id → its last thought, so a repeated thought is shown once. */
  lastThought: Readonly<Record<string, string>>;
  /** agent span id → the steps of its last plan (offline planner), so a plan that only advanced is not repeated. */
  lastPlan: Readonly<Record<string, readonly string[]>>;
  /** The orchestrator's script: steps done, and where it stopped. */
  script: { done: number; stopped: ScriptStep | null };
}

export const emptyConversation: ConversationState = {
  lastSeq: 0,
  mode: null,
  customerId: null,
  orderId: null,
  items: [],
  names: emptyNames,
  lines: [],
  status: 'running',
  calls: {},
  pending: {},
  givingUp: {},
  lastThought: {},
  lastPlan: {},
  script: { done: 0, stopped: null },
};

// ---- what a step means ----

const DOMAINS: [RegExp, string][] = [
  [/^payment:|^customer:(listpaymentmethods|requestnewcard|awaitnewcard|checkcardrequest)$/, 'payment'],
  [/^inventory:/, 'stock'],
  [/^shipping:/, 'shipping'],
  [/^notification:/, 'notification'],
  [/^customer:/, 'customer'],
];
/** What an action is about: a decision answers an obstacle about the same thing. */
export function domainOf(key: string): string | null {
  return DOMAINS.find(([pattern]) => pattern.test(key))?.[1] ?? null;
}

/** Steps that undo or close a failed order rather than move it forward. */
function isUndo(action: Action): boolean {
  if (['inventory:release', 'payment:void', 'payment:refund', 'shipping:cancellabel'].includes(action.key)) return true;
  return action.key === 'notification:notify' && action.input.topic === 'failure';
}

/** The same attempt again (a retry), not a new plan. */
function sameAttempt(a: Action, b: Action): boolean {
  if (a.key !== b.key) return false;
  switch (a.key) {
    case 'payment:authorize':
      return a.input.paymentMethodId === b.input.paymentMethodId;
    case 'shipping:createlabel':
      return a.input.carrier === b.input.carrier;
    default:
      return true;
  }
}

function classify(observed: Obstacle, next: Action): DecisionKind {
  switch (next.key) {
    case 'payment:authorize':
      return 'another_card';
    case 'customer:requestnewcard':
      return 'new_card';
    case 'payment:status':
      return 'status_check';
    case 'shipping:createlabel':
      return 'another_carrier';
    case 'shipping:hold':
      return 'hold_shipment';
    case 'notification:queue':
    case 'notification:sendsms':
      return observed.action.key.startsWith('notification:') ? 'other_channel' : 'changed';
    default:
      return 'changed';
  }
}

const FINISH_TOOLS = new Set(['finish_checkout']);
const ANSWER_TOOLS = new Set(['answer']);
const ASK_TOOL = /^ask_(\w+)_agent$/;
const SPECIALIST_OF_ASK: Record<string, string> = {
  inventory: 'InventoryAgent',
  payment: 'PaymentAgent',
  shipping: 'ShippingAgent',
  notification: 'NotificationAgent',
  customer: 'CustomerAgent',
};

/** A chosen tool call as an action: an ask_* call is its task, a service tool its operation. */
function chosenAction(toolName: string, input: unknown): Action | null {
  const ask = ASK_TOOL.exec(toolName);
  if (ask) {
    const specialist = SPECIALIST_OF_ASK[ask[1]];
    const task = typeof input === 'object' && input !== null && 'task' in input ? input.task : undefined;
    return specialist ? taskAction(specialist, task) : null;
  }
  return toolAction(toolName, input);
}

// ---- thoughts ----

const PLANNER_NOISE = /^(Plan to |Goal "|Observed: )/;

/**
 * An agent's reasoning as a short thought. The offline planner writes bookkeeping ("Plan to …
 * Next: …") with the why after "because"; a real model writes prose, of which the first sentence is kept.
 */
export function shortThought(reasoning: string): string | null {
  const text = reasoning.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const because = /, because (.+?)\.?$/.exec(text);
  if (because) return `${because[1].charAt(0).toUpperCase()}${because[1].slice(1)}.`;
  const aiming = /"([^"]+)" cannot be reached any more; aiming for "([^"]+)"/.exec(text);
  if (aiming) return `“${aiming[1]}” cannot be reached any more: aiming for “${aiming[2]}”.`;
  if (PLANNER_NOISE.test(text)) {
    const plan = /^(?:Observed: .*?\. )?Plan to "([^"]+)": ([^.]+?)\. Next:/.exec(text);
    // The first plan of a run's lead is worth reading; the rest only restate the next call.
    return plan && plan[2].includes('→') ? `Plan for “${plan[1]}”: ${plan[2]}.` : null;
  }
  const sentence = /^(.{1,220}?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  return sentence.length > 220 ? `${sentence.slice(0, 219)}…` : sentence;
}

/** The steps of a planner's plan ("Plan to "x": a → b → c."), to tell a new plan from the old one advanced by a step. */
export function planSteps(reasoning: string): string[] | null {
  const plan = /Plan to "[^"]+": ([^.]+?)\. Next:/.exec(reasoning);
  return plan ? plan[1].split(' → ') : null;
}

/** The new plan is what is left of the old one: nothing was re-planned, so nothing is worth saying. */
function planAdvanced(before: readonly string[] | undefined, now: readonly string[] | null): boolean {
  if (!before || !now || now.length >= before.length) return false;
  return now.every((step, i) => step === before[before.length - now.length + i]);
}

// ---- the reducer ----

type Ev<T extends TraceEvent['type']> = TraceEventOf<T>;

function base(event: TraceEvent, spanId: string, suffix = '', related: readonly string[] = []): LineBase {
  return { id: `${event.seq}${suffix}`, seq: event.seq, ts: event.ts, agent: event.agent ?? '', spanId, related };
}

function push(state: ConversationState, line: ConversationLine): ConversationState {
  return { ...state, lines: withItem(state.lines, line) };
}

function replaceLine(state: ConversationState, index: number, line: ConversationLine): ConversationState {
  return { ...state, lines: withIndex(state.lines, index, line) };
}

function learnNames(names: Names, action: Action, output: unknown): Names {
  const value = valueOf(output);
  let next = names;
  const methods = action.key === 'customer:listpaymentmethods' ? methodsOf(value) : undefined;
  if (methods?.length) {
    const cards: Record<string, CardName> = { ...next.cards };
    for (const m of methods) cards[m.id] = { brand: m.brand, last4: m.last4, role: m.role };
    next = { ...next, cards };
  }
  if (action.key === 'payment:authorize') {
    const pm =
      typeof value.paymentMethodId === 'string'
        ? value.paymentMethodId
        : typeof action.input.paymentMethodId === 'string'
          ? action.input.paymentMethodId
          : null;
    const card = value.card as { brand?: unknown; last4?: unknown } | undefined;
    if (pm && card && typeof card.brand === 'string' && typeof card.last4 === 'string' && !own(next.cards, pm)) {
      next = { ...next, cards: { ...next.cards, [pm]: { brand: card.brand, last4: card.last4 } } };
    }
    if (pm && typeof value.authorizationId === 'string')
      next = { ...next, authorizations: { ...next.authorizations, [value.authorizationId]: pm } };
  }
  if (action.key === 'inventory:check' && Array.isArray(value.items)) {
    const products: Record<string, string> = { ...next.products };
    for (const item of value.items as unknown[]) {
      const i = item as { sku?: unknown; name?: unknown };
      if (typeof i.sku === 'string' && typeof i.name === 'string') products[i.sku] = i.name;
    }
    next = { ...next, products };
  }
  return next;
}

/** A reply or result that leaves nothing to pay with: no card at all, or none active. */
function noUsableCard(action: Action, output: unknown): boolean {
  if (action.key !== 'customer:listpaymentmethods') return false;
  const methods = methodsOf(valueOf(output));
  return methods !== undefined && !methods.some((m) => (m.status ?? 'active') === 'active');
}

function onToolCall(state: ConversationState, event: Ev<'tool.call'>): ConversationState {
  const action = chosenAction(event.data.toolName, event.data.input);
  if (!action) return state;
  const agentSpanId = event.parentSpanId;
  // ask_* calls are shown as the request and reply messages they carry.
  if (ASK_TOOL.test(event.data.toolName))
    return { ...state, calls: withEntry(state.calls, event.spanId, { action, line: null, agentSpanId }) };
  let step: ScriptStep | null = null;
  let script = state.script;
  if (
    state.mode === 'orchestrator' &&
    script.stopped === null &&
    ORCHESTRATOR_SCRIPT[script.done]?.key === action.key
  ) {
    step = scriptStep(script.done);
    script = { ...script, done: script.done + 1 };
  }
  const line: ConversationLine = {
    ...base(event, event.spanId),
    kind: 'tool',
    action,
    status: 'running',
    output: undefined,
    error: null,
    faults: [],
    step,
  };
  const next = push({ ...state, script }, line);
  return { ...next, calls: withEntry(next.calls, event.spanId, { action, line: next.lines.length - 1, agentSpanId }) };
}

function onToolResult(state: ConversationState, event: Ev<'tool.result'>): ConversationState {
  const call = own(state.calls, event.spanId);
  if (!call) return state;
  const { action, agentSpanId } = call;
  let next: ConversationState = {
    ...state,
    names: event.data.status === 'ok' ? learnNames(state.names, action, event.data.output) : state.names,
  };
  const error = event.data.error ? { code: event.data.error.code, message: event.data.error.message } : null;
  if (call.line !== null) {
    const line = next.lines[call.line];
    if (line.kind === 'tool')
      next = replaceLine(next, call.line, {
        ...line,
        status: line.status === 'blocked' ? 'blocked' : event.data.status,
        output: event.data.output,
        error,
      });
  }
  // What the agent's next action answers.
  const obstacle: Obstacle | null =
    event.data.status === 'error'
      ? { action, code: error?.code ?? 'failed', message: error?.message ?? '' }
      : noUsableCard(action, event.data.output)
        ? { action, code: 'no_usable_card', message: 'no usable card on file' }
        : null;
  if (agentSpanId && obstacle) next = { ...next, pending: withEntry(next.pending, agentSpanId, obstacle) };
  // The orchestrator has no other path: the first failed step of its script is where it stops.
  if (
    state.mode === 'orchestrator' &&
    event.data.status === 'error' &&
    call.line !== null &&
    next.script.stopped === null
  ) {
    const line = next.lines[call.line];
    if (line.kind === 'tool' && line.step) next = stopScript(next, event, line.step, obstacle?.message ?? '', obstacle);
  }
  return next;
}

function stopScript(
  state: ConversationState,
  event: TraceEvent,
  step: ScriptStep,
  reason: string,
  error: Obstacle | null,
): ConversationState {
  const skipped = ORCHESTRATOR_SCRIPT.slice(step.index).map((_, i) => scriptStep(step.index + i));
  const line: ConversationLine = {
    ...base(event, event.spanId, ':stop'),
    agent: 'OrderService',
    kind: 'stop',
    step,
    reason,
    error,
    skipped,
  };
  return push({ ...state, script: { ...state.script, stopped: step } }, line);
}

function onModelStep(state: ConversationState, event: Ev<'model.step'>): ConversationState {
  const agentSpanId = event.parentSpanId ?? event.spanId;
  let next = state;
  const calls = event.data.toolCalls;
  const first = calls.find((c) => c.toolName !== 'wait') ?? null;
  const pending = own(state.pending, agentSpanId);
  const finish = first && FINISH_TOOLS.has(first.toolName) ? first : null;
  const finishedAs =
    finish &&
    typeof finish.input === 'object' &&
    finish.input !== null &&
    'orderStatus' in finish.input &&
    (finish.input.orderStatus === 'placed' || finish.input.orderStatus === 'failed')
      ? finish.input.orderStatus
      : null;
  const action =
    first && !finish && !ANSWER_TOOLS.has(first.toolName) ? chosenAction(first.toolName, first.input) : null;
  const giving = own(state.givingUp, agentSpanId);

  const decide = (
    decision: DecisionKind,
    observed: Obstacle,
    chose: Action[],
    finished: 'placed' | 'failed' | null,
  ) => {
    const line: ConversationLine = {
      ...base(event, event.spanId, ':decision'),
      kind: 'decision',
      decision,
      observed,
      chose,
      finished,
    };
    const pushed = push(next, line);
    return {
      ...pushed,
      pending: withoutKey(pushed.pending, agentSpanId),
      givingUp:
        decision === 'give_up' ? withEntry(pushed.givingUp, agentSpanId, pushed.lines.length - 1) : pushed.givingUp,
    };
  };

  if (pending && first) {
    if (finish)
      next =
        finishedAs === 'failed'
          ? decide('give_up', pending, [], 'failed')
          : { ...next, pending: withoutKey(next.pending, agentSpanId) };
    else if (!action)
      next = { ...next, pending: withoutKey(next.pending, agentSpanId) }; // reported back: the asker decides
    else if (isUndo(action)) next = decide('give_up', pending, [action], null);
    else if (domainOf(action.key) === domainOf(pending.action.key)) {
      next = sameAttempt(action, pending.action)
        ? { ...next, pending: withoutKey(next.pending, agentSpanId) }
        : decide(classify(pending, action), pending, [action], null);
    }
    // Otherwise the step is about something else; the obstacle still waits for its answer.
  } else if (giving !== undefined && first) {
    // An open give-up gathers the undo steps that follow it, and how the agent finished.
    const line = next.lines[giving];
    if (line.kind === 'decision' && (action ? isUndo(action) : finish !== null)) {
      next = replaceLine(next, giving, {
        ...line,
        chose: action ? [...line.chose, action] : line.chose,
        finished: finishedAs ?? line.finished,
      });
    }
  }

  const reasoning = event.data.reasoning || (calls.length === 0 ? event.data.text : '');
  const plan = planSteps(reasoning);
  const advanced = planAdvanced(own(next.lastPlan, agentSpanId), plan);
  if (plan) next = { ...next, lastPlan: withEntry(next.lastPlan, agentSpanId, plan) };
  const thought = shortThought(reasoning);
  if (thought && !(advanced && thought.startsWith('Plan for')) && own(next.lastThought, agentSpanId) !== thought) {
    next = push(next, {
      ...base(event, event.spanId, ':thought'),
      agent: event.data.agent,
      kind: 'thought',
      text: thought,
    });
    next = { ...next, lastThought: withEntry(next.lastThought, agentSpanId, thought) };
  }
  return next;
}

function withoutKey<T>(record: Readonly<Record<string, T>>, key: string): Readonly<Record<string, T>> {
  if (!Object.hasOwn(record, key)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}

function onMessage(state: ConversationState, event: Ev<'message.sent'>): ConversationState {
  const { from, to, direction, text, data } = event.data;
  const spanId = messageSpanId(event.spanId, event.seq);
  const related = [event.spanId];
  if (direction === 'request') {
    return push(state, {
      ...base(event, spanId, '', related),
      agent: from,
      kind: 'request',
      to,
      action: taskAction(to, data),
      text,
    });
  }
  const reply = (data ?? {}) as {
    action?: unknown;
    status?: unknown;
    result?: unknown;
    error?: { code?: unknown; message?: unknown };
  };
  const status = reply.status === 'ok' || reply.status === 'failed' ? reply.status : 'unknown';
  const call = own(state.calls, event.spanId);
  const error =
    reply.error && typeof reply.error.code === 'string'
      ? { code: reply.error.code, message: typeof reply.error.message === 'string' ? reply.error.message : '' }
      : null;
  const action = call?.action ?? null;
  const names = action && status === 'ok' ? learnNames(state.names, action, reply.result) : state.names;
  return push(
    { ...state, names },
    {
      ...base(event, spanId, '', related),
      agent: from,
      kind: 'reply',
      to,
      action,
      status,
      result: reply.result,
      error,
      text,
    },
  );
}

function onRunEnd(state: ConversationState, event: Ev<'run.finished'> | Ev<'run.interrupted'>): ConversationState {
  let next = state;
  const status = event.type === 'run.finished' ? event.data.status : 'interrupted';
  const text = event.type === 'run.finished' ? event.data.outcome : event.data.reason;
  // A script that failed without a failed call (no primary card, say) stopped at the step it could not take.
  if (state.mode === 'orchestrator' && status === 'failed' && state.script.stopped === null) {
    const step = scriptStep(Math.min(state.script.done, ORCHESTRATOR_SCRIPT.length - 1));
    next = stopScript(
      next,
      event,
      step,
      text.replace(/^order failed( cleanly)?: /, '').replace(/^\w+Error: /, ''),
      null,
    );
  }
  return { ...push(next, { ...base(event, 'run'), agent: '', kind: 'end', status, text }), status };
}

export function reduceConversation(state: ConversationState, event: TraceEvent): ConversationState {
  if (event.seq <= state.lastSeq) return state;
  const next = apply(state, event);
  return next.lastSeq === event.seq ? next : { ...next, lastSeq: event.seq };
}

function apply(state: ConversationState, event: TraceEvent): ConversationState {
  switch (event.type) {
    case 'run.started':
      return { ...state, mode: event.data.mode, customerId: event.data.customerId, orderId: event.data.orderId };
    case 'agent.started': {
      const items =
        event.data.agent === 'CheckoutAgent'
          ? itemsOf((event.data.task as { items?: unknown } | undefined)?.items)
          : undefined;
      return items && state.items.length === 0 ? { ...state, items } : state;
    }
    case 'agent.finished':
      if (event.data.answerVia !== 'none') return state;
      return push(state, {
        ...base(event, event.spanId),
        agent: event.data.agent,
        kind: 'note',
        tone: 'warning',
        text: `${event.data.agent} gave no answer: ${event.data.answer}`,
      });
    case 'model.step':
      return onModelStep(state, event);
    case 'model.retry':
      return push(state, {
        ...base(event, event.spanId),
        agent: event.data.agent,
        kind: 'note',
        tone: 'warning',
        text: `${event.data.agent}'s model call failed (${event.data.reason})${event.data.willRetry ? `; trying again in ${Math.round(event.data.waitMs)} ms` : '; it gave up'}.`,
      });
    case 'agent.nudged':
      return push(state, {
        ...base(event, event.spanId),
        agent: event.data.agent,
        kind: 'note',
        tone: 'info',
        text: `${event.data.agent} stopped without its answer (${event.data.reason.replace(/_/g, ' ')}) and was told to give one.`,
      });
    case 'message.sent':
      return onMessage(state, event);
    case 'tool.call': {
      // The orchestrator's items come with its first call.
      const next = onToolCall(state, event);
      const items =
        state.mode === 'orchestrator' && state.items.length === 0
          ? itemsOf((event.data.input as { items?: unknown } | undefined)?.items)
          : undefined;
      return items ? { ...next, items } : next;
    }
    case 'tool.result':
      return onToolResult(state, event);
    case 'fault.injected': {
      const call = own(state.calls, event.spanId);
      const line = call?.line != null ? state.lines[call.line] : undefined;
      if (!call || call.line == null || line?.kind !== 'tool') return state;
      return replaceLine(state, call.line, { ...line, faults: [...line.faults, event.data.kind] });
    }
    case 'guard.blocked': {
      const call = own(state.calls, event.spanId);
      const line = call?.line != null ? state.lines[call.line] : undefined;
      if (call && call.line != null && line?.kind === 'tool')
        return replaceLine(state, call.line, {
          ...line,
          status: 'blocked',
          error: { code: event.data.code, message: event.data.message },
        });
      return push(state, {
        ...base(event, event.spanId),
        agent: event.data.agent,
        kind: 'note',
        tone: 'warning',
        text: `Blocked: ${event.data.agent} tried ${event.data.toolName}: ${event.data.message}`,
      });
    }
    case 'run.resumed':
      return push(state, {
        ...base(event, 'run'),
        agent: '',
        kind: 'note',
        tone: 'info',
        text: `${event.data.reason} The run was taken up again from its log: its ${event.data.replayedEvents} recorded events were replayed (model replies and service results as recorded, nothing done twice)${event.data.inFlightCalls > 0 ? `, and the ${event.data.inFlightCalls === 1 ? 'service call it was waiting on was' : `${event.data.inFlightCalls} service calls it was waiting on were`} made again under the same idempotency key` : ''}; what follows ran live.`,
      });
    case 'run.finished':
    case 'run.interrupted':
      return onRunEnd(state, event);
    default:
      return state;
  }
}

export function foldConversation(
  events: Iterable<TraceEvent>,
  initial: ConversationState = emptyConversation,
): ConversationState {
  return foldBatch(reduceConversation, initial, events);
}

/** The decisions of a conversation, in order. */
export function decisionsOf(state: ConversationState): Extract<ConversationLine, { kind: 'decision' }>[] {
  return state.lines.filter((l): l is Extract<ConversationLine, { kind: 'decision' }> => l.kind === 'decision');
}

/** Whether a line is the one a span selects. */
export function lineSelectedBy(line: ConversationLine, spanId: string): boolean {
  return line.spanId === spanId || line.related.includes(spanId);
}
