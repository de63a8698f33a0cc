import type { PrismaClient } from '@/lib/db/client';
import type { NewTraceEvent, NewTraceEventOf, TraceEvent } from '@/lib/trace/events';

/** A Run row to record into (the recorder refuses events of runs that do not exist). */
export async function createRun(db: PrismaClient, id: string, data: { status?: string } = {}): Promise<void> {
  await db.run.create({ data: { id, goal: `test run ${id}`, model: 'offline', ...data } });
}

/** A recorded event as the emitter first handed it in (keeping its ts, so a replay keeps its times). */
export function asNew(event: TraceEvent): NewTraceEvent {
  const { runId: _runId, seq: _seq, ...rest } = event;
  return rest as NewTraceEvent;
}

/** A tool call event for volume tests: small, valid, distinguishable by `n`. */
export function toolCall(n: number, extra: Record<string, unknown> = {}): NewTraceEventOf<'tool.call'> {
  return {
    type: 'tool.call',
    spanId: `t${n}`,
    parentSpanId: 'run',
    agent: 'OrderService',
    data: {
      toolName: 'reserve',
      toolCallId: `call_${n}`,
      input: { n, ...extra },
      service: 'inventory',
      operation: 'reserve',
    },
  };
}

export const runStarted: NewTraceEventOf<'run.started'> = {
  type: 'run.started',
  spanId: 'run',
  parentSpanId: null,
  agent: null,
  data: { goal: 'g', orderId: 'o', customerId: 'c', mode: 'orchestrator', model: 'offline', seed: 1, faultRules: [] },
};

export const runFinished: NewTraceEventOf<'run.finished'> = {
  type: 'run.finished',
  spanId: 'run',
  parentSpanId: null,
  agent: null,
  data: { status: 'succeeded', outcome: 'done', durationMs: 1 },
};
