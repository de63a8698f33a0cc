import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenTelemetry } from '@ai-sdk/otel';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { generateText, registerTelemetry, stepCountIs, tool } from 'ai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { POST as ingest } from '@/app/v1/traces/route';
import { foldGraph } from '@/lib/trace/projections/graph';
import { loadEvents } from '@/lib/trace/event-log';
import { aiSdkMockModel } from '../support/ai-sdk-trace';
import { createCheckoutHarness, type Harness } from '../support/checkout-harness';

/**
 * The README's "OpenTelemetry both ways" AI SDK example, run as written (the same imports and calls;
 * only the model is ai/test's mock instead of openai(...), and the URL this test's server): the global
 * tracer provider, registerTelemetry, a BatchSpanProcessor with OpenTelemetry's OTLP/protobuf exporter
 * POSTing over HTTP to the /v1/traces route handler.
 */

let h: Harness;
let server: Server;
let url = '';
beforeAll(async () => {
  h = await createCheckoutHarness();
  process.env.DATABASE_URL = h.t.url;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = new Headers(
        Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v] as [string, string]] : [])),
      );
      void ingest(
        new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) }),
      ).then(async (answer) => {
        res.writeHead(answer.status, {
          'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
        });
        res.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`;
}, 120_000);
afterAll(async () => {
  trace.disable();
  await new Promise((resolve) => server.close(resolve));
  await h.dispose();
});

it("runs the README's AI SDK example: its trace arrives over OTLP/HTTP as a run with weather-agent → weather in the graph", async () => {
  const model = aiSdkMockModel();
  // readme:start
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
  trace.setGlobalTracerProvider(provider);
  registerTelemetry(new OpenTelemetry());
  const weather = tool({
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => ({ city, celsius: 18 }),
  });
  await generateText({
    model,
    prompt: 'What is the weather in Paris?',
    tools: { weather },
    stopWhen: stepCountIs(3),
    telemetry: { functionId: 'weather-agent' },
  });
  await provider.shutdown();
  // readme:end

  const run = await h.t.db.run.findFirstOrThrow({ where: { source: 'otlp' } });
  expect(run).toMatchObject({
    status: 'succeeded',
    goal: 'What is the weather in Paris?',
    outcome: 'It is 18°C in Paris.',
    stepCount: 2,
    toolCallCount: 1,
  });
  const graph = foldGraph(await loadEvents(h.t.db, run.id));
  expect(Object.values(graph.edges).map((e) => `${e.kind} ${e.source} -> ${e.target}`)).toEqual([
    'tool agent:weather-agent -> service:weather',
  ]);
});

it("is the README's example, line for line (but the model and the URL)", () => {
  const ours = readFileSync(new URL(import.meta.url), 'utf8')
    .split('// readme:start\n')[1]
    .split('  // readme:end')[0];
  const block = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    .split('```ts\n')
    .find((b) => b.includes('registerTelemetry('))!
    .split('```')[0];
  const lines = (text: string) =>
    text
      .split('\n')
      .map((l) => l.replace(/;\s+\/\/ .*$/, ';').trim())
      .filter((l) => l && !l.startsWith('import') && !l.includes('aiSdkMockModel'));
  const readme = lines(block).map((l) =>
    l
      .replace("model: openai('gpt-4.1-mini')", 'model')
      .replace("{ url: 'http://localhost:3000/v1/traces' }", '{ url }'),
  );
  // The same code whatever the layout: the formatter breaks the test's lines where the README keeps them short.
  const code = (ls: string[]) =>
    ls
      .join('')
      .replace(/\s+/g, '')
      .replace(/,([}\])])/g, '$1');
  expect(code(lines(ours))).toEqual(code(readme));
  const imports = (text: string) =>
    [...text.matchAll(/import \{ ([^}]+) \} from '([^']+)'/g)].flatMap(([, names, from]) =>
      names.split(',').map((n) => `${n.trim()} ${from}`),
    );
  const mine = new Set(imports(readFileSync(new URL(import.meta.url), 'utf8')));
  expect(imports(block).filter((i) => i !== 'openai @ai-sdk/openai' && !mine.has(i))).toEqual([]);
});
