import { createAnthropic } from '@ai-sdk/anthropic';
import { afterEach, describe, expect, it } from 'vitest';
import { modelsFromEnv } from '@/lib/checkout/app-services';
import { costUsd } from '@/lib/models/prices';
import { SPECIALISTS, type AgentName } from '@/lib/protocol/agents';
import type { TraceEvent } from '@/lib/trace/events';
import type { AgentModel } from '@/lib/agents/run-context';
import { createCheckoutHarness, type Harness } from '../../support/checkout-harness';
import {
  agentOf,
  plannerBrain,
  startFakeModelServer,
  type Dialect,
  type FakeModelServer,
} from '../../support/fake-llm';

let h: Harness | undefined;
let server: FakeModelServer | undefined;
afterEach(async () => {
  await h?.dispose();
  await server?.close();
  h = undefined;
  server = undefined;
});

/** The app's model wiring for each dialect: OpenAI through the environment (.chat()), Anthropic by hand (the app has no Anthropic base URL). */
const WIRING: { dialect: Dialect; label: string; modelFor(url: string): (agent: AgentName) => AgentModel }[] = [
  {
    dialect: 'openai',
    label: 'openai:fake-gpt',
    modelFor: (url) => modelsFromEnv({ OPENAI_API_KEY: 'x', OPENAI_BASE_URL: url, AI_MODEL: 'fake-gpt' }),
  },
  {
    dialect: 'anthropic',
    label: 'anthropic:claude-sonnet-4-5',
    modelFor: (url) => {
      const model = createAnthropic({ baseURL: url, apiKey: 'x' }).languageModel('claude-sonnet-4-5');
      return () => ({
        model,
        label: 'anthropic:claude-sonnet-4-5',
        cost: (usage) => costUsd('anthropic:claude-sonnet-4-5', usage),
      });
    },
  },
];

describe.each(WIRING)(
  'a whole checkout over HTTP ($dialect wire, offline planner behind the fake)',
  ({ dialect, label, modelFor }) => {
    it('places the order, every model step a request the server answered', async () => {
      server = await startFakeModelServer({ brain: plannerBrain() });
      h = await createCheckoutHarness();
      h.rt.modelFor = modelFor(server.url);
      h.rt.modelLabel = () => label;
      const [run] = await h.order({ customerId: 'cus_grace' });
      expect(run.status, run.outcome).toBe('succeeded');
      const order = await h.t.db.order.findUniqueOrThrow({ where: { id: run.order.orderId } });
      expect(order.status).toBe('placed');
      expect(await h.t.db.payment.count({ where: { orderId: order.id, kind: 'capture', status: 'succeeded' } })).toBe(
        1,
      );

      expect(server.requests.every((r) => r.dialect === dialect)).toBe(true);
      expect(new Set(server.requests.map((r) => agentOf(r)))).toEqual(new Set(['CheckoutAgent', ...SPECIALISTS]));
      const events = await h.events(run.runId);
      const steps = events.filter((e): e is Extract<TraceEvent, { type: 'model.step' }> => e.type === 'model.step');
      expect(steps).toHaveLength(server.requests.length);
      expect(steps.every((s) => s.data.model === label)).toBe(true);
      // Every step's usage is one the server reported (agents run in parallel, so compare as multisets).
      const key = (u: { inputTokens: number; outputTokens: number }) => `${u.inputTokens}/${u.outputTokens}`;
      expect(steps.map((s) => key(s.data.usage)).sort()).toEqual(server.requests.map((r) => key(r.usage!)).sort());
      // Anthropic carries the planner's reasoning as thinking blocks; OpenAI's chat API has no place for it.
      expect(steps.every((s) => (s.data.reasoning !== '') === (dialect === 'anthropic'))).toBe(true);
    });
  },
);
