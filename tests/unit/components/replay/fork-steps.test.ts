import { describe, expect, it } from 'vitest';
import { forkRequestSchema } from '@/lib/replay/replay-run';
import { foldRunView } from '@/lib/trace/projections/run-view';
import type { TraceEventOf } from '@/lib/trace/events';
import { defaultForkSeq, forkFormFor, forkRequest, forkSteps } from '@/components/replay/fork-steps';
import { sampleCheckoutRun } from '../../trace/support/sample-run';

const events = sampleCheckoutRun('run_f');
const view = foldRunView(events);
const step = events.find((e): e is TraceEventOf<'model.step'> => e.type === 'model.step')!;
const failed = events.find((e): e is TraceEventOf<'tool.result'> => e.type === 'tool.result' && e.data.status === 'error')!;
const okResult = events.find((e): e is TraceEventOf<'tool.result'> => e.type === 'tool.result' && e.data.status === 'ok')!;

describe('forking at a step', () => {
  it('offers exactly the model steps and tool results, in order', () => {
    const steps = forkSteps(events);
    expect(steps.map((s) => s.seq)).toEqual(events.filter((e) => e.type === 'model.step' || e.type === 'tool.result').map((e) => e.seq));
    expect(steps[0]).toMatchObject({ seq: step.seq, type: 'model.step' });
  });

  it('starts at the selected span’s step, else the last step before the replay position', () => {
    expect(defaultForkSeq(view, failed.spanId, events, events.length)).toBe(failed.seq);
    expect(defaultForkSeq(view, step.spanId, events, 0)).toBe(step.seq);
    const position = events.indexOf(okResult) + 2;
    expect(defaultForkSeq(view, 'run', events, position)).toBe(okResult.seq);
    expect(defaultForkSeq(view, null, events, 0)).toBe(step.seq);
  });

  it('fills the form with what was recorded, keeping the chosen fault rules across steps', () => {
    const reply = forkFormFor(step);
    expect(reply).toMatchObject({ atSeq: step.seq, change: 'reply', replyText: step.data.text });
    expect(JSON.parse(reply.replyToolCalls)).toEqual(step.data.toolCalls.map((c) => ({ toolName: c.toolName, input: c.input })));
    const result = forkFormFor(failed, { ...reply, faults: 'none', change: 'faults' });
    expect(result).toMatchObject({ atSeq: failed.seq, change: 'faults', faults: 'none' });
    expect(JSON.parse(forkFormFor(failed).toolResult)).toEqual({ ok: false, error: failed.data.error });
    expect(JSON.parse(forkFormFor(okResult).toolResult)).toEqual(okResult.data.output);
  });

  it('builds requests the fork route accepts, and names the field that is wrong', () => {
    const reply = forkFormFor(step);
    const cases = [
      forkRequest({ ...reply, replyText: 'use the backup card', replyToolCalls: '[{"toolName":"ask_payment_agent","input":{"goal":"pay"}}]' }),
      forkRequest({ ...reply, replyToolCalls: '[]', faults: 'decline-primary-cards' }),
      forkRequest({ ...forkFormFor(okResult), toolResult: '{"ok":false,"error":{"code":"card_declined"}}', faults: 'none' }),
      forkRequest({ ...reply, change: 'faults', faults: 'none' }),
    ];
    for (const c of cases) {
      expect(c.ok).toBe(true);
      if (c.ok) expect(forkRequestSchema.safeParse(c.input).success, JSON.stringify(c.input)).toBe(true);
    }
    expect(cases[0].ok && cases[0].input).toEqual({ atSeq: step.seq, editReply: { text: 'use the backup card', toolCalls: [{ toolName: 'ask_payment_agent', input: { goal: 'pay' } }] } });
    expect(cases[3].ok && cases[3].input).toEqual({ atSeq: step.seq, faultRules: [] });
    expect(forkRequest({ ...reply, replyToolCalls: '[{' })).toMatchObject({ ok: false, errors: { replyToolCalls: expect.stringMatching(/^not JSON/) } });
    expect(forkRequest({ ...reply, replyToolCalls: '[{"toolName":""}]' })).toMatchObject({ ok: false, errors: { replyToolCalls: expect.any(String) } });
    expect(forkRequest({ ...forkFormFor(okResult), toolResult: 'nope' })).toMatchObject({ ok: false, errors: { toolResult: expect.any(String) } });
    expect(forkRequest({ ...reply, change: 'faults', faults: '' })).toMatchObject({ ok: false, errors: { faults: expect.any(String) } });
  });
});
