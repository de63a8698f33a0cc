import type { NewTraceEvent } from '@/lib/trace/events';

/**
 * A run's worth of realistic events for volume work: agent invocations with model steps (reasoning
 * text, tool choices, usage), tool calls and results (some failing, some with an injected fault) and
 * messages, with payloads of the sizes a real trace has (about 150 to 700 bytes of JSON).
 */
export function syntheticEvents(count: number): NewTraceEvent[] {
  const events: NewTraceEvent[] = [];
  const reasoning =
    'primary card declined; backup card usable; plan: authorize(backup) -> capture -> ask shipping. '.repeat(2);
  for (let cycle = 0; events.length < count; cycle++) {
    const agentSpan = `a${cycle}`;
    const stepSpan = `m${cycle}`;
    const toolSpan = `t${cycle}`;
    const callId = `call_${cycle}`;
    const failing = cycle % 7 === 3;
    const input = {
      orderId: 'ord_bench',
      amountCents: 12_999,
      paymentMethodId: `pm_${cycle % 3}`,
      idempotencyKey: `ord_bench:authorize:${cycle}`,
    };
    const cycleEvents: NewTraceEvent[] = [
      {
        type: 'agent.started',
        spanId: agentSpan,
        parentSpanId: 'run',
        agent: 'PaymentAgent',
        data: { agent: 'PaymentAgent', goal: 'Authorize and capture the payment for order ord_bench.' },
      },
      {
        type: 'model.step',
        spanId: stepSpan,
        parentSpanId: agentSpan,
        agent: 'PaymentAgent',
        data: {
          agent: 'PaymentAgent',
          step: cycle,
          model: 'offline-planner',
          reasoning,
          text: '',
          finishReason: 'tool-calls',
          toolCalls: [{ toolCallId: callId, toolName: 'authorize_payment', input }],
          usage: { inputTokens: 812, outputTokens: 64 },
          costUsd: 0.00042,
          latencyMs: 3,
        },
      },
      {
        type: 'tool.call',
        spanId: toolSpan,
        parentSpanId: agentSpan,
        agent: 'PaymentAgent',
        data: { toolName: 'authorize_payment', toolCallId: callId, input, service: 'payment', operation: 'authorize' },
      },
      ...(failing
        ? [
            {
              type: 'fault.injected',
              spanId: toolSpan,
              parentSpanId: agentSpan,
              agent: 'PaymentAgent',
              data: {
                ruleId: 'rule_decline',
                ruleName: 'Decline primary cards',
                service: 'payment',
                operation: 'authorize',
                kind: 'decline',
                effect: 'card_declined',
                toolCallId: callId,
              },
            } satisfies NewTraceEvent,
          ]
        : []),
      {
        type: 'tool.result',
        spanId: toolSpan,
        parentSpanId: agentSpan,
        agent: 'PaymentAgent',
        data: failing
          ? {
              toolName: 'authorize_payment',
              toolCallId: callId,
              status: 'error',
              error: { code: 'card_declined', message: 'The issuer declined card pm_0.', retryable: false },
              latencyMs: 2,
              service: 'payment',
              operation: 'authorize',
            }
          : {
              toolName: 'authorize_payment',
              toolCallId: callId,
              status: 'ok',
              output: { paymentId: `pay_${cycle}`, status: 'succeeded', amountCents: 12_999 },
              latencyMs: 2,
              service: 'payment',
              operation: 'authorize',
            },
      },
      {
        type: 'message.sent',
        spanId: toolSpan,
        parentSpanId: agentSpan,
        agent: 'PaymentAgent',
        data: {
          from: 'PaymentAgent',
          to: 'CheckoutAgent',
          direction: 'reply',
          text: failing ? 'Declined; asking for the backup card.' : 'Payment authorized.',
          toolCallId: callId,
        },
      },
      {
        type: 'agent.finished',
        spanId: agentSpan,
        parentSpanId: 'run',
        agent: 'PaymentAgent',
        data: {
          agent: 'PaymentAgent',
          status: failing ? 'error' : 'ok',
          answer: failing ? 'declined' : 'authorized',
          steps: 1,
          durationMs: 9,
        },
      },
    ];
    events.push(...cycleEvents);
  }
  return events.slice(0, count);
}
