import { LegacyOpenTelemetry, OpenTelemetry } from '@ai-sdk/otel';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { generateText, stepCountIs, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { z } from 'zod';
import type { Recorded } from './otel-fixtures';

const usage = (input: number, output: number) => ({
  inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: output, text: output, reasoning: undefined },
});

/** A model (ai/test's mock) that asks for the weather tool, then answers with its result. */
export function aiSdkMockModel(): MockLanguageModelV4 {
  return new MockLanguageModelV4({
    provider: 'mock-provider',
    modelId: 'mock-model-id',
    doGenerate: [
      {
        content: [{ type: 'tool-call', toolCallId: 'call-1', toolName: 'weather', input: '{"city":"Paris"}' }],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
        usage: usage(30, 9),
        warnings: [],
      },
      {
        content: [{ type: 'text', text: 'It is 18°C in Paris.' }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: usage(45, 8),
        warnings: [],
      },
    ],
  });
}

/**
 * The AI SDK's own telemetry: generateText with a tool over two model steps (a mock model from
 * ai/test answers with a tool call, then text), its spans made by @ai-sdk/otel on a tracer of
 * OpenTelemetry's SDK and encoded by OpenTelemetry's OTLP serializers.
 */
export async function aiSdkGenerateTextTrace(integration: 'otel' | 'legacy' = 'otel'): Promise<Recorded> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'weather-app' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('weather-app');
  const model = aiSdkMockModel();
  await generateText({
    model,
    prompt: 'What is the weather in Paris?',
    tools: {
      weather: tool({
        description: 'Current weather in a city',
        inputSchema: z.object({ city: z.string() }),
        execute: async ({ city }) => ({ city, celsius: 18 }),
      }),
    },
    stopWhen: stepCountIs(3),
    telemetry: {
      functionId: 'weather-agent',
      integrations: [
        integration === 'otel'
          ? new OpenTelemetry({ tracer, agentSpanName: 'functionId' })
          : new LegacyOpenTelemetry({ tracer }),
      ],
    },
  });
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  await provider.shutdown();
  return {
    spans,
    protobuf: ProtobufTraceSerializer.serializeRequest(spans)!,
    json: JsonTraceSerializer.serializeRequest(spans)!,
  };
}
