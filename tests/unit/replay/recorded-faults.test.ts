import { describe, expect, it } from 'vitest';
import { createDbFaultInjector } from '@/lib/faults/injector';
import { faultRulesInForce } from '@/lib/faults/rules';
import { RULE_DEFAULTS, type FaultRule } from '@/lib/faults/rule-schema';
import { faultSchedule, recordedFaultChanges, recordedRules } from '@/lib/replay/recorded-faults';
import { replayRun } from '@/lib/replay/replay-run';
import { ManualClock } from '@/lib/runtime/clock';
import type { NewTraceEvent, TraceEvent } from '@/lib/trace/events';
import { loadEvents } from '@/lib/trace/event-log';
import type { TraceAppender } from '@/lib/trace/recorder';
import { withReplayHarness } from '../../support/replay-harness';

const rule = (fields: Partial<FaultRule>): FaultRule => ({
  ...RULE_DEFAULTS,
  service: 'payment',
  kind: 'decline',
  id: 'r1',
  hitCount: 0,
  evalCount: 0,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  ...fields,
});

/** An appender that numbers events as the recorder does (call order, from 1). */
function listAppender(): TraceAppender & { events: NewTraceEvent[] } {
  const events: NewTraceEvent[] = [];
  return {
    events,
    append: async (runId, event) => {
      events.push(event);
      return { ...event, runId, seq: events.length, ts: 0 } as TraceEvent;
    },
  };
}

const step = (n: number): NewTraceEvent =>
  ({
    type: 'agent.started',
    spanId: `s${n}`,
    parentSpanId: 'run',
    agent: 'CheckoutAgent',
    data: { agent: 'CheckoutAgent', goal: 'g' },
  }) as NewTraceEvent;
const call = { service: 'payment', operation: 'authorize' } as const;

describe('faultSchedule', () => {
  it('switches to the recorded rules right after the event before the change, and records the change at its seq', async () => {
    const decline = rule({});
    const schedule = faultSchedule(
      [],
      [{ seq: 3, rules: [decline], data: { rules: [{ id: 'r1' }] } }],
      new ManualClock(),
    );
    const inner = listAppender();
    const appender = schedule.recording(inner);
    await appender.append('run', step(1));
    expect(await schedule.faults.check(call)).toBeNull();
    await appender.append('run', step(2));
    expect(inner.events.map((e) => e.type)).toEqual(['agent.started', 'agent.started', 'faults.changed']);
    expect(inner.events[2]).toMatchObject({ spanId: 'run', data: { rules: [{ id: 'r1' }] } });
    expect(await schedule.faults.check(call)).toMatchObject({ ruleId: 'r1', kind: 'decline' });
  });

  it('applies back-to-back changes in order, and none after the run has ended', async () => {
    const changes = [3, 4, 9].map((seq) => ({ seq, rules: [rule({ id: `r${seq}` })], data: { rules: [seq] } }));
    const schedule = faultSchedule([], changes, new ManualClock());
    const inner = listAppender();
    const appender = schedule.recording(inner);
    await appender.append('run', step(1));
    await appender.append('run', step(2));
    expect(inner.events.slice(2).map((e) => e.data)).toEqual([{ rules: [3] }, { rules: [4] }]);
    expect(await schedule.faults.check(call)).toMatchObject({ ruleId: 'r4' });
    await appender.append('run', {
      type: 'run.finished',
      spanId: 'run',
      parentSpanId: null,
      agent: null,
      data: { status: 'failed', outcome: 'x' },
    } as NewTraceEvent);
    await appender.append('run', step(7));
    await appender.append('run', step(8));
    expect(inner.events.filter((e) => e.type === 'faults.changed')).toHaveLength(2);
  });

  it('reads rules as a start snapshot (rows, params as text) and as a change (params as objects) record them', () => {
    const row = {
      id: 'a',
      name: 'slow',
      service: 'payment',
      kind: 'latency',
      params: '{"latencyMs":5}',
      activeFrom: '2026-01-01T00:00:00.000Z',
      hitCount: 2,
    };
    const view = { id: 'b', service: 'shipping', kind: 'carrier_outage', params: { carrier: 'ups' } };
    const rules = recordedRules([row, view, { id: 'c', service: 'nope', kind: 'decline' }]);
    expect(rules.map((r) => [r.id, r.params])).toEqual([
      ['a', { latencyMs: 5 }],
      ['b', { carrier: 'ups' }],
    ]);
    expect(rules[0]).toMatchObject({ activeFrom: new Date('2026-01-01T00:00:00.000Z'), hitCount: 2 });
  });
});

describe('a re-run of a run whose rules changed mid-run', () => {
  const r = withReplayHarness();

  /**
   * Records Grace's order with every card declining from the moment the stock is reserved (as a person would,
   * mid-run): the rule is created, and the change recorded, at the first fault check after the reservation's
   * result, which the service awaits (a run does not wait for its events' commits, so a hook on the recorder
   * would race the run).
   */
  async function runWithMidRunChange(): Promise<{ runId: string; events: TraceEvent[] }> {
    const inner = r.h.rt.recorder;
    const services = r.h.rt.services;
    const dbFaults = createDbFaultInjector(r.h.t.db, r.h.clock);
    let reservedIn: string | null = null;
    let changed = false;
    r.h.rt.recorder = {
      ...inner,
      append: (runId, event) => {
        if (event.type === 'tool.result' && event.data.toolName === 'inventory_reserve') reservedIn ??= runId;
        return inner.append(runId, event);
      },
    };
    r.h.rt.services = {
      ...services,
      faults: {
        async check(call) {
          if (reservedIn !== null && !changed) {
            changed = true;
            await r.h.t.db.faultRule.create({
              data: {
                id: 'decline_all',
                name: 'decline every card',
                service: 'payment',
                kind: 'decline',
                operation: 'authorize',
              },
            });
            const rules = (await faultRulesInForce(r.h.t.db)).map(({ createdAt: _c, updatedAt: _u, ...r }) => r);
            await inner.append(reservedIn, {
              type: 'faults.changed',
              spanId: 'run',
              parentSpanId: null,
              agent: null,
              data: { rules },
            });
          }
          return dbFaults.check(call);
        },
      },
    };
    const [run] = await r.h.order({ customerId: 'cus_grace' });
    r.h.rt.recorder = inner;
    r.h.rt.services = services;
    await r.h.t.db.faultRule.deleteMany();
    return { runId: run.runId, events: await loadEvents(r.h.t.db, run.runId) };
  }

  it('meets the change at the same seq and reproduces the run', async () => {
    const { runId, events } = await runWithMidRunChange();
    expect(recordedFaultChanges(events)).toHaveLength(1);
    expect(events.some((e) => e.type === 'fault.injected')).toBe(true);
    const rerun = await replayRun(r.deps, runId);
    expect(rerun.comparison).toMatchObject({ identical: true, firstDivergence: null });
    expect(rerun.status).toBe('failed');
  });

  it('a fork after the change replays it from the record; a fork before it under its own rules does not', async () => {
    const { runId, events } = await runWithMidRunChange();
    const changeSeq = recordedFaultChanges(events)[0].seq;
    const steps = events.filter((e) => e.type === 'model.step');
    const after = steps.find((e) => e.seq > changeSeq)!;
    const later = await replayRun(r.deps, runId, { atSeq: after.seq, resolvedRules: [] });
    const laterEvents = await loadEvents(r.h.t.db, later.runId);
    expect(recordedFaultChanges(laterEvents).map((c) => c.seq)).toEqual([changeSeq]);

    const before = steps.filter((e) => e.seq < changeSeq).at(-1)!;
    const fork = await replayRun(r.deps, runId, { atSeq: before.seq, resolvedRules: [] });
    const forkEvents = await loadEvents(r.h.t.db, fork.runId);
    expect(recordedFaultChanges(forkEvents)).toEqual([]);
    // With no rules from its step on, no card declines: the order goes through.
    expect(forkEvents.some((e) => e.type === 'fault.injected')).toBe(false);
    expect(fork.status).toBe('succeeded');
  });
});
