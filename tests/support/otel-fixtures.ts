import { context, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

/**
 * Other agent systems' traces, recorded with OpenTelemetry's own SDK (a tracer provider, an in-memory
 * exporter) and encoded by its own OTLP serializers: what their exporters would POST. The attribute
 * names are those OpenInference emits (Phoenix's instrumentations of the OpenAI Agents SDK and
 * LangGraph); those packages are not installed here, so the spans carry their attribute names through
 * sdk-trace-base. The AI SDK's traces are made by the AI SDK itself (ai-sdk-trace.ts).
 */

export interface Recorded {
  spans: ReadableSpan[];
  protobuf: Uint8Array;
  json: Uint8Array;
}

type Step = { name: string; attributes: Attributes; error?: string; children?: Step[] };

export function record(service: string, root: Step): Recorded {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer(service);
  // A trace from a minute ago, as one just exported would be: a run dated in the future would sort above
  // every run placed after it in history (and other specs look for their newest run at the top).
  let clock = Date.now() - 60_000;
  const run = (step: Step, parent: Span | null): void => {
    const ctx = parent ? trace.setSpan(context.active(), parent) : context.active();
    const span = tracer.startSpan(step.name, { attributes: step.attributes, startTime: (clock += 10) }, ctx);
    for (const child of step.children ?? []) run(child, span);
    if (step.error) span.setStatus({ code: SpanStatusCode.ERROR, message: step.error });
    span.end((clock += 25));
  };
  run(root, null);
  const spans = exporter.getFinishedSpans();
  return {
    spans,
    protobuf: ProtobufTraceSerializer.serializeRequest(spans)!,
    json: JsonTraceSerializer.serializeRequest(spans)!,
  };
}

/** An OpenAI Agents SDK run as OpenInference records it: a triage agent, a model call, a tool, a handoff to a billing agent. */
export function openInferenceAgentsTrace(): Recorded {
  return record('support-bot', {
    name: 'Agent workflow',
    attributes: { 'openinference.span.kind': 'CHAIN', 'input.value': 'Where is my refund for order 42?' },
    children: [
      {
        name: 'Triage Agent',
        attributes: {
          'openinference.span.kind': 'AGENT',
          'agent.name': 'Triage Agent',
          'input.value': 'Where is my refund for order 42?',
          'output.value': 'Handed to billing',
        },
        children: [
          {
            name: 'response',
            attributes: {
              'openinference.span.kind': 'LLM',
              'llm.model_name': 'gpt-4.1-mini',
              'llm.provider': 'openai',
              'llm.token_count.prompt': 120,
              'llm.token_count.completion': 18,
              'llm.input_messages.0.message.role': 'user',
              'llm.input_messages.0.message.content': 'Where is my refund for order 42?',
              'llm.output_messages.0.message.role': 'assistant',
              'llm.output_messages.0.message.tool_calls.0.tool_call.id': 'call_lookup',
              'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'lookup_order',
              'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"orderId":"42"}',
            },
          },
          {
            name: 'lookup_order',
            attributes: {
              'openinference.span.kind': 'TOOL',
              'tool.name': 'lookup_order',
              'input.value': '{"orderId":"42"}',
              'output.value': '{"status":"refund_pending"}',
            },
          },
          {
            name: 'lookup_ledger',
            attributes: {
              'openinference.span.kind': 'TOOL',
              'tool.name': 'lookup_ledger',
              'input.value': '{"orderId":"42"}',
            },
            error: 'ledger timed out',
          },
          {
            name: 'Billing Agent',
            attributes: {
              'openinference.span.kind': 'AGENT',
              'agent.name': 'Billing Agent',
              'input.value': 'Refund status for order 42',
              'output.value': 'Your refund was issued today.',
            },
            children: [
              {
                name: 'response',
                attributes: {
                  'openinference.span.kind': 'LLM',
                  'llm.model_name': 'gpt-4.1',
                  'llm.provider': 'openai',
                  'llm.token_count.prompt': 80,
                  'llm.token_count.completion': 12,
                  'output.value': 'Your refund was issued today.',
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

/** A LangGraph run as OpenInference records it: graph nodes are CHAIN spans around an agent and its tool. */
export function openInferenceLangGraphTrace(): Recorded {
  return record('langgraph-app', {
    name: 'LangGraph',
    attributes: { 'openinference.span.kind': 'CHAIN', 'input.value': 'Plan a trip to Lisbon' },
    children: [
      {
        name: 'planner',
        attributes: { 'openinference.span.kind': 'CHAIN', 'graph.node.id': 'planner' },
        children: [
          {
            name: 'planner_agent',
            attributes: {
              'openinference.span.kind': 'AGENT',
              'graph.node.id': 'planner',
              'input.value': 'Plan a trip to Lisbon',
              'output.value': 'Day 1: Alfama…',
            },
            children: [
              {
                name: 'ChatOpenAI',
                attributes: {
                  'openinference.span.kind': 'LLM',
                  'llm.model_name': 'gpt-4o',
                  'llm.token_count.prompt': 50,
                  'llm.token_count.completion': 40,
                },
              },
              {
                name: 'search_web',
                attributes: {
                  'openinference.span.kind': 'TOOL',
                  'tool.name': 'search_web',
                  'input.value': 'Lisbon sights',
                },
              },
            ],
          },
        ],
      },
    ],
  });
}
