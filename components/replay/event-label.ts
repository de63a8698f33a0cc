import type { TraceEvent } from '@/lib/trace/events';
import { messageSpanId } from '@/lib/trace/projections/spans';

/** One event in a line a person scans: what happened, who did it, and the detail that matters. */
export function eventLabel(event: TraceEvent): string {
  const who = event.agent ? `${event.agent} · ` : '';
  switch (event.type) {
    case 'run.started':
      return `run started · ${event.data.mode} · ${event.data.model}`;
    case 'run.finished':
      return `run ${event.data.status} · ${event.data.outcome}`;
    case 'run.interrupted':
      return `run interrupted · ${event.data.reason}`;
    case 'run.resumed':
      return `run resumed · ${event.data.replayedEvents} recorded events replayed · ${event.data.reason}`;
    case 'agent.started':
      return `${event.data.agent} started`;
    case 'agent.finished':
      return `${event.data.agent} finished ${event.data.status}${event.data.answerVia === 'text' ? ' (answer read from its words, not its answer tool)' : ''} · ${event.data.answer}`;
    case 'model.step': {
      const calls = event.data.toolCalls.map((c) => c.toolName).join(', ');
      return `${who}plan step ${event.data.step}${calls ? ` → ${calls}` : event.data.text ? ` · “${event.data.text}”` : ''}`;
    }
    case 'model.retry':
      return `${who}model ${event.data.reason}${event.data.status ? ` (${event.data.status})` : ''} · attempt ${event.data.attempt}${event.data.willRetry ? ` · retry in ${(event.data.waitMs / 1000).toFixed(1)} s` : ' · gave up'}`;
    case 'agent.nudged':
      return `${who}nudged to answer (${event.data.reason.replace(/_/g, ' ')})`;
    case 'tool.call':
      return `${who}call ${event.data.toolName}`;
    case 'tool.result':
      return `${who}${event.data.toolName} ${event.data.status === 'error' ? `failed · ${event.data.error?.code ?? 'error'}` : 'ok'}`;
    case 'message.sent':
      return `${event.data.from} → ${event.data.to} · ${event.data.direction} · ${event.data.text}`;
    case 'fault.injected':
      return `⚡ injected ${event.data.kind} on ${event.data.service}.${event.data.operation}`;
    case 'faults.changed':
      return `fault rules changed (${event.data.rules.length})`;
    case 'guard.blocked':
      return `⛔ ${who}blocked ${event.data.toolName} · ${event.data.reason}`;
    case 'settlement.started':
      return `settlement · ${event.data.plan.length} to give back · ${event.data.reason}`;
    case 'settlement.finished':
      return event.data.status === 'settled'
        ? `settled · ${event.data.undone.join(', ') || 'nothing held'}`
        : `settlement needs review · ${event.data.failed.join('; ')}`;
  }
}

/** The span an event shows up in, as the spans projection names it (a message gets a span of its own). */
export function spanIdOf(event: TraceEvent): string {
  return event.type === 'message.sent' ? messageSpanId(event.spanId, event.seq) : event.spanId;
}
