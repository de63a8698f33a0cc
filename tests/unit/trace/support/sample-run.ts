import type { NewTraceEvent, TraceEvent } from '@/lib/trace/events';

/**
 * Stamps new events as the recorder would (runId, seq from 1, ts from a start time plus an
 * offset each), so projection tests can build a run's log without a database.
 */
export function stamp(runId: string, events: (NewTraceEvent & { at?: number })[], start = 1_000_000): TraceEvent[] {
  return events.map(({ at, ...event }, i) => ({ ...event, runId, seq: i + 1, ts: start + (at ?? i) }) as TraceEvent);
}

const usage = { inputTokens: 100, outputTokens: 20 };

/**
 * A small checkout with one recovery: CheckoutAgent asks InventoryAgent to reserve (ok), then asks
 * PaymentAgent, whose first authorize is declined by an injected fault and whose second (backup card)
 * succeeds. Offsets (`at`) are ms after the run start.
 */
export function sampleCheckoutRun(runId = 'run_1'): TraceEvent[] {
  return stamp(runId, [
    { at: 0, type: 'run.started', spanId: 'run', parentSpanId: null, agent: null, data: { goal: 'buy', orderId: 'o1', customerId: 'c1', mode: 'agents', model: 'offline', seed: 7, faultRules: [] } },
    { at: 1, type: 'agent.started', spanId: 's1', parentSpanId: 'run', agent: 'CheckoutAgent', data: { agent: 'CheckoutAgent', goal: 'complete order o1' } },
    { at: 11, type: 'model.step', spanId: 's2', parentSpanId: 's1', agent: 'CheckoutAgent', data: { agent: 'CheckoutAgent', step: 0, model: 'offline', reasoning: 'reserve first', text: '', toolCalls: [{ toolCallId: 'tc1', toolName: 'ask_inventory_agent', input: { goal: 'reserve' } }], finishReason: 'tool-calls', usage, costUsd: 0.001, latencyMs: 10 } },
    { at: 12, type: 'tool.call', spanId: 's3', parentSpanId: 's1', agent: 'CheckoutAgent', data: { toolName: 'ask_inventory_agent', toolCallId: 'tc1', input: { goal: 'reserve' }, target: 'InventoryAgent' } },
    { at: 12, type: 'message.sent', spanId: 's3', parentSpanId: 's1', agent: 'CheckoutAgent', data: { from: 'CheckoutAgent', to: 'InventoryAgent', direction: 'request', text: 'reserve o1', toolCallId: 'tc1' } },
    { at: 13, type: 'agent.started', spanId: 's4', parentSpanId: 's3', agent: 'InventoryAgent', data: { agent: 'InventoryAgent', goal: 'reserve' } },
    { at: 18, type: 'model.step', spanId: 's5', parentSpanId: 's4', agent: 'InventoryAgent', data: { agent: 'InventoryAgent', step: 0, model: 'offline', reasoning: 'reserve', text: '', toolCalls: [{ toolCallId: 'tc2', toolName: 'reserve', input: { orderId: 'o1' } }], finishReason: 'tool-calls', usage, costUsd: 0.001, latencyMs: 5 } },
    { at: 19, type: 'tool.call', spanId: 's6', parentSpanId: 's4', agent: 'InventoryAgent', data: { toolName: 'reserve', toolCallId: 'tc2', input: { orderId: 'o1' }, service: 'inventory', operation: 'reserve' } },
    { at: 21, type: 'tool.result', spanId: 's6', parentSpanId: 's4', agent: 'InventoryAgent', data: { toolName: 'reserve', toolCallId: 'tc2', status: 'ok', output: { reserved: 1 }, latencyMs: 2, service: 'inventory', operation: 'reserve' } },
    { at: 22, type: 'agent.finished', spanId: 's4', parentSpanId: 's3', agent: 'InventoryAgent', data: { agent: 'InventoryAgent', status: 'ok', answer: 'reserved', steps: 1, durationMs: 9 } },
    { at: 22, type: 'message.sent', spanId: 's3', parentSpanId: 's1', agent: 'InventoryAgent', data: { from: 'InventoryAgent', to: 'CheckoutAgent', direction: 'reply', text: 'reserved', toolCallId: 'tc1' } },
    { at: 23, type: 'tool.result', spanId: 's3', parentSpanId: 's1', agent: 'CheckoutAgent', data: { toolName: 'ask_inventory_agent', toolCallId: 'tc1', status: 'ok', output: 'reserved', latencyMs: 11 } },
    { at: 24, type: 'tool.call', spanId: 's7', parentSpanId: 's1', agent: 'CheckoutAgent', data: { toolName: 'ask_payment_agent', toolCallId: 'tc3', input: { goal: 'pay' }, target: 'PaymentAgent' } },
    { at: 24, type: 'message.sent', spanId: 's7', parentSpanId: 's1', agent: 'CheckoutAgent', data: { from: 'CheckoutAgent', to: 'PaymentAgent', direction: 'request', text: 'pay o1', toolCallId: 'tc3' } },
    { at: 25, type: 'agent.started', spanId: 's8', parentSpanId: 's7', agent: 'PaymentAgent', data: { agent: 'PaymentAgent', goal: 'pay' } },
    { at: 26, type: 'tool.call', spanId: 's9', parentSpanId: 's8', agent: 'PaymentAgent', data: { toolName: 'authorize', toolCallId: 'tc4', input: { card: 'pm1' }, service: 'payment', operation: 'authorize' } },
    { at: 27, type: 'fault.injected', spanId: 's9', parentSpanId: 's8', agent: 'PaymentAgent', data: { ruleId: 'r1', ruleName: 'decline', service: 'payment', operation: 'authorize', kind: 'decline', effect: 'card_declined', toolCallId: 'tc4' } },
    { at: 28, type: 'tool.result', spanId: 's9', parentSpanId: 's8', agent: 'PaymentAgent', data: { toolName: 'authorize', toolCallId: 'tc4', status: 'error', error: { code: 'card_declined', message: 'declined', retryable: false }, latencyMs: 2, service: 'payment', operation: 'authorize' } },
    { at: 30, type: 'tool.call', spanId: 's10', parentSpanId: 's8', agent: 'PaymentAgent', data: { toolName: 'authorize', toolCallId: 'tc5', input: { card: 'pm2' }, service: 'payment', operation: 'authorize' } },
    { at: 33, type: 'tool.result', spanId: 's10', parentSpanId: 's8', agent: 'PaymentAgent', data: { toolName: 'authorize', toolCallId: 'tc5', status: 'ok', output: { id: 'p1' }, latencyMs: 3, service: 'payment', operation: 'authorize' } },
    { at: 34, type: 'agent.finished', spanId: 's8', parentSpanId: 's7', agent: 'PaymentAgent', data: { agent: 'PaymentAgent', status: 'ok', answer: 'paid with backup', steps: 2, durationMs: 9 } },
    { at: 34, type: 'message.sent', spanId: 's7', parentSpanId: 's1', agent: 'PaymentAgent', data: { from: 'PaymentAgent', to: 'CheckoutAgent', direction: 'reply', text: 'paid with backup', toolCallId: 'tc3' } },
    { at: 35, type: 'tool.result', spanId: 's7', parentSpanId: 's1', agent: 'CheckoutAgent', data: { toolName: 'ask_payment_agent', toolCallId: 'tc3', status: 'ok', output: 'paid', latencyMs: 11 } },
    { at: 40, type: 'agent.finished', spanId: 's1', parentSpanId: 'run', agent: 'CheckoutAgent', data: { agent: 'CheckoutAgent', status: 'ok', answer: 'order placed', steps: 3, durationMs: 39 } },
    { at: 41, type: 'run.finished', spanId: 'run', parentSpanId: null, agent: null, data: { status: 'succeeded', outcome: 'order placed', durationMs: 41 } },
  ]);
}
