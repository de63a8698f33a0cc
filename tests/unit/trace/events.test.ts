import { describe, expect, it } from 'vitest';
import {
  InvalidTraceEventError,
  TRACE_EVENT_TYPES,
  isRunEnd,
  parseNewTraceEvent,
  parseTraceEvent,
  safeParseTraceEvent,
} from '@/lib/trace/events';
import { sampleCheckoutRun } from '../../support/trace/sample-run';

describe('the TraceEvent contract', () => {
  it('knows the seventeen types of the contract', () => {
    expect([...TRACE_EVENT_TYPES].sort()).toEqual([
      'agent.finished',
      'agent.nudged',
      'agent.started',
      'fault.injected',
      'faults.changed',
      'guard.blocked',
      'message.sent',
      'model.retry',
      'model.step',
      'run.finished',
      'run.interrupted',
      'run.resumed',
      'run.started',
      'settlement.finished',
      'settlement.started',
      'tool.call',
      'tool.result',
    ]);
  });

  it('accepts every event of a realistic run unchanged', () => {
    for (const event of sampleCheckoutRun()) expect(parseTraceEvent(event)).toEqual(event);
  });

  it('keeps run-level events on the root span', () => {
    const [started] = sampleCheckoutRun();
    expect(() => parseTraceEvent({ ...started, spanId: 's1' })).toThrow(InvalidTraceEventError);
    expect(() => parseTraceEvent({ ...started, agent: 'CheckoutAgent' })).toThrow(/agent/);
  });

  it('names the type and the field that is wrong', () => {
    const step = sampleCheckoutRun()[2];
    const broken = { ...step, data: { ...step.data, usage: { inputTokens: 'many' } } };
    expect(() => parseTraceEvent(broken)).toThrow(/\(model\.step\).*data\.usage\.inputTokens/);
    expect(safeParseTraceEvent({ ...step, type: 'model.thought' }).success).toBe(false);
  });

  it('rejects a tool call to a service that does not exist', () => {
    const call = sampleCheckoutRun()[7];
    expect(safeParseTraceEvent({ ...call, data: { ...call.data, service: 'billing' } }).success).toBe(false);
  });

  it('takes a new event without runId, seq or ts, and refuses one that sets seq', () => {
    const parsed = parseNewTraceEvent({
      type: 'run.interrupted',
      spanId: 'run',
      parentSpanId: null,
      agent: null,
      data: { reason: 'restart' },
    });
    expect(parsed).toEqual({
      type: 'run.interrupted',
      spanId: 'run',
      parentSpanId: null,
      agent: null,
      data: { reason: 'restart' },
    });
    // Extra envelope keys are dropped, so an emitter cannot choose its own seq.
    const withSeq = parseNewTraceEvent({ ...parsed, seq: 99, runId: 'other' });
    expect(withSeq).not.toHaveProperty('seq');
    expect(withSeq).not.toHaveProperty('runId');
  });

  it('tells a run end from other events', () => {
    const events = sampleCheckoutRun();
    expect(events.filter(isRunEnd).map((e) => e.type)).toEqual(['run.finished']);
  });
});
