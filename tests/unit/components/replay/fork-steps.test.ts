import { describe, expect, it } from 'vitest';
import { forkRequestSchema } from '@/lib/replay/replay-run';
import { resolveForkRules } from '@/lib/replay/app-deps';
import { foldRunView } from '@/lib/trace/projections/run-view';
import { parseTraceEvent, type TraceEvent, type TraceEventOf } from '@/lib/trace/events';
import { defaultForkSeq, forkFormFor, forkRequest, forkSteps, parentRulesAt } from '@/components/replay/fork-steps';
import { sampleCheckoutRun } from '../../../support/trace/sample-run';

const events = sampleCheckoutRun('run_f');
const view = foldRunView(events);
const step = events.find((e): e is TraceEventOf<'model.step'> => e.type === 'model.step')!;
const failed = events.find(
  (e): e is TraceEventOf<'tool.result'> => e.type === 'tool.result' && e.data.status === 'error',
)!;
const okResult = events.find(
  (e): e is TraceEventOf<'tool.result'> => e.type === 'tool.result' && e.data.status === 'ok',
)!;

describe('forking at a step', () => {
  it('offers exactly the model steps and tool results, in order', () => {
    const steps = forkSteps(events);
    expect(steps.map((s) => s.seq)).toEqual(
      events.filter((e) => e.type === 'model.step' || e.type === 'tool.result').map((e) => e.seq),
    );
    expect(steps[0]).toMatchObject({ seq: step.seq, type: 'model.step' });
  });

  it("does not offer the harness's settlement calls: they are not steps of the run", () => {
    const last = events.at(-1)!;
    const settlementResult = parseTraceEvent({
      runId: last.runId,
      seq: last.seq + 1,
      ts: last.ts,
      type: 'tool.result',
      spanId: 'settlement-1.1',
      parentSpanId: 'settlement-1',
      agent: 'Settlement',
      data: {
        toolName: 'inventory.release',
        toolCallId: 'settlement-1.1',
        status: 'ok',
        output: { ok: true },
        latencyMs: 0,
        service: 'inventory',
        operation: 'release',
      },
    });
    expect(forkSteps([...events, settlementResult]).map((s) => s.seq)).toEqual(forkSteps(events).map((s) => s.seq));
  });

  it('starts at the selected span’s step, else the last step before the replay position', () => {
    expect(defaultForkSeq(view, failed.spanId, events, events.length)).toBe(failed.seq);
    expect(defaultForkSeq(view, step.spanId, events, 0)).toBe(step.seq);
    const position = events.indexOf(okResult) + 2;
    expect(defaultForkSeq(view, 'run', events, position)).toBe(okResult.seq);
    expect(defaultForkSeq(view, null, events, 0)).toBe(step.seq);
  });

  it('fills the form with what was recorded, keeping the chosen fault rules across steps', () => {
    // A fresh form changes the fault rules; the recorded reply is there to edit once chosen.
    expect(forkFormFor(step).change).toBe('faults');
    expect(forkFormFor(okResult).change).toBe('faults');
    const reply = { ...forkFormFor(step), change: 'reply' as const };
    expect(reply).toMatchObject({ atSeq: step.seq, change: 'reply', replyText: step.data.text });
    // Moving to another step of the same kind keeps the edit chosen; to another kind, it falls back to fault rules.
    expect(forkFormFor(step, reply).change).toBe('reply');
    expect(forkFormFor(failed, reply).change).toBe('faults');
    expect(JSON.parse(reply.replyToolCalls)).toEqual(
      step.data.toolCalls.map((c) => ({ toolName: c.toolName, input: c.input })),
    );
    const result = forkFormFor(failed, { ...reply, faults: 'none', change: 'faults' });
    expect(result).toMatchObject({ atSeq: failed.seq, change: 'faults', faults: 'none' });
    expect(JSON.parse(forkFormFor(failed).toolResult)).toEqual({ ok: false, error: failed.data.error });
    expect(JSON.parse(forkFormFor(okResult).toolResult)).toEqual(okResult.data.output);
  });

  it('builds requests the fork route accepts, and names the field that is wrong', () => {
    const reply = { ...forkFormFor(step), change: 'reply' as const };
    const cases = [
      forkRequest({
        ...reply,
        replyText: 'use the backup card',
        replyToolCalls: '[{"toolName":"ask_payment_agent","input":{"goal":"pay"}}]',
      }),
      forkRequest({ ...reply, replyToolCalls: '[]', faults: 'decline-primary-cards' }),
      forkRequest({
        ...forkFormFor(okResult),
        change: 'toolResult',
        toolResult: '{"ok":false,"error":{"code":"card_declined"}}',
        faults: 'none',
      }),
      forkRequest({ ...reply, change: 'faults', faults: 'none' }),
    ];
    for (const c of cases) {
      expect(c.ok).toBe(true);
      if (c.ok) expect(forkRequestSchema.safeParse(c.input).success, JSON.stringify(c.input)).toBe(true);
    }
    expect(cases[0].ok && cases[0].input).toEqual({
      atSeq: step.seq,
      editReply: {
        text: 'use the backup card',
        toolCalls: [{ toolName: 'ask_payment_agent', input: { goal: 'pay' } }],
      },
    });
    expect(cases[3].ok && cases[3].input).toEqual({ atSeq: step.seq, faultRules: [] });
    expect(forkRequest({ ...reply, replyToolCalls: '[{' })).toMatchObject({
      ok: false,
      errors: { replyToolCalls: expect.stringMatching(/^not JSON/) },
    });
    expect(forkRequest({ ...reply, replyToolCalls: '[{"toolName":""}]' })).toMatchObject({
      ok: false,
      errors: { replyToolCalls: expect.any(String) },
    });
    expect(forkRequest({ ...forkFormFor(okResult), change: 'toolResult', toolResult: 'nope' })).toMatchObject({
      ok: false,
      errors: { toolResult: expect.any(String) },
    });
    expect(forkRequest({ ...reply, change: 'faults', faults: '' })).toMatchObject({
      ok: false,
      errors: { faults: expect.any(String) },
    });
  });

  it('starts from the parent’s rules at the step: its start snapshot (rows), then the last change before the step', () => {
    const snapshotRow = {
      id: 'r1',
      name: 'primary declines',
      service: 'payment',
      operation: 'authorize',
      kind: 'decline',
      enabled: true,
      trigger: 'always',
      params: '{"cardRole":"primary"}',
      hitCount: 1,
      evalCount: 0,
    };
    const backup = {
      ...snapshotRow,
      id: 'r2',
      name: 'backup declines',
      params: { cardRole: 'backup' },
      activeFrom: null,
    };
    const started = events[0] as TraceEventOf<'run.started'>;
    const at = (seq: number, e: Record<string, unknown>): TraceEvent =>
      parseTraceEvent({ runId: 'run_f', seq, ts: 0, spanId: 'run', parentSpanId: null, agent: null, ...e });
    const log = [
      at(1, { type: 'run.started', data: { ...started.data, faultRules: [snapshotRow] } }),
      at(2, { type: 'faults.changed', data: { rules: [snapshotRow, backup, { id: 'broken', service: 'payment' }] } }),
    ];
    expect(parentRulesAt(log, 2).map((r) => [r.name, r.params])).toEqual([
      ['primary declines', { cardRole: 'primary' }],
    ]);
    const later = parentRulesAt(log, 3);
    expect(later.map((r) => [r.name, r.params])).toEqual([
      ['primary declines', { cardRole: 'primary' }],
      ['backup declines', { cardRole: 'backup' }],
    ]);

    // Sent as rule bodies (no ids, no counters), which the fork route accepts and the server settles into the same rules.
    const request = forkRequest({ ...forkFormFor(step), change: 'faults', faults: 'parent', rules: later });
    expect(request.ok).toBe(true);
    if (!request.ok) return;
    expect(request.input.faultRules).toHaveLength(2);
    const parsed = forkRequestSchema.parse(request.input);
    expect(resolveForkRules(parsed)?.map((r) => [r.service, r.operation, r.kind, r.params])).toEqual([
      ['payment', 'authorize', 'decline', { cardRole: 'primary' }],
      ['payment', 'authorize', 'decline', { cardRole: 'backup' }],
    ]);
    // Editable choices keep their list across steps; a preset sends the preset.
    expect(forkFormFor(failed, { ...forkFormFor(step), faults: 'now', rules: later })).toMatchObject({
      faults: 'now',
      rules: later,
    });
    expect(forkRequest({ ...forkFormFor(step), change: 'faults', faults: 'decline-all-cards', rules: later })).toEqual({
      ok: true,
      input: { atSeq: step.seq, faultPreset: 'decline-all-cards' },
    });
  });
});
