import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { recordedTool } from '@/lib/agents/recorded-tool';
import type { RunContext } from '@/lib/agents/run-context';
import { ManualClock } from '@/lib/runtime/clock';
import type { NewTraceEvent } from '@/lib/trace/events';

function context(signal?: AbortSignal) {
  const events: NewTraceEvent[] = [];
  let n = 0;
  const ctx: RunContext = {
    runId: 'run_1',
    trace: { append: async (_runId, event) => events.push(event) },
    clock: new ManualClock(0),
    services: {} as never,
    guard: {} as never,
    modelFor: () => {
      throw new Error('no model in this test');
    },
    nextSpanId: () => `s${++n}`,
    limits: { steps: 1, timeBudgetMs: 1 },
    signal,
  };
  return { ctx, events };
}

function throwingTool(ctx: RunContext, thrown: unknown) {
  const tool = recordedTool(ctx, {
    toolName: 'ask_payment_agent',
    agent: 'CheckoutAgent',
    agentSpanId: 's0',
    description: 'd',
    inputSchema: z.object({}),
    run: async () => {
      throw thrown;
    },
  });
  return () => tool.execute!({}, { toolCallId: 'call_1', messages: [], context: {} });
}

describe('recordedTool', () => {
  it('ends the span of a tool that throws, with the error on it, and lets the error through', async () => {
    const { ctx, events } = context();
    await expect(throwingTool(ctx, new Error('specialist gave up'))()).rejects.toThrow('specialist gave up');
    expect(events.map((e) => e.type)).toEqual(['tool.call', 'tool.result']);
    const [call, result] = events;
    expect(result.spanId).toBe(call.spanId);
    expect(result.type === 'tool.result' && result.data).toMatchObject({
      toolCallId: 'call_1',
      status: 'error',
      error: { code: 'tool_failed', message: 'specialist gave up', retryable: false },
    });
  });

  it('says cancelled when the run was aborted', async () => {
    const abort = new AbortController();
    abort.abort();
    const { ctx, events } = context(abort.signal);
    await expect(throwingTool(ctx, 'aborted')()).rejects.toBe('aborted');
    expect(events.at(-1)).toMatchObject({
      type: 'tool.result',
      data: { status: 'error', error: { code: 'cancelled', message: 'aborted' } },
    });
  });
});
