import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import { OfflinePlannerModel } from '@/lib/planner/offline-planner-model';
import { costUsd } from './prices';
import { agentModelChoice, modelLabel, readModelEnv, type ModelChoice, type ModelEnv } from './registry';

export interface ResolvedModel {
  model: LanguageModelV4;
  label: string;
  cost(usage: { inputTokens: number; outputTokens: number }): number;
  /** Whether its replies are worth streaming: a provider's are, the offline planner's come at once. */
  streams: boolean;
}

/** The AI SDK model for a choice: no network is touched until it is called. */
export function createLanguageModel(choice: ModelChoice, env: ModelEnv): LanguageModelV4 {
  switch (choice.provider) {
    case 'offline-planner':
      return new OfflinePlannerModel(choice.modelId);
    case 'openai':
      // The chat completions API: what OpenAI-style servers (and OPENAI_BASE_URL proxies) all speak.
      return createOpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: choice.baseUrl }).chat(choice.modelId);
    case 'anthropic':
      return createAnthropic({ apiKey: env.ANTHROPIC_API_KEY, baseURL: choice.baseUrl }).languageModel(choice.modelId);
    case 'openai-compatible':
      // includeUsage: a streamed reply reports its tokens only when asked to.
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: choice.baseUrl!,
        apiKey: env.OPENAI_API_KEY,
        includeUsage: true,
      }).chatModel(choice.modelId);
  }
}

/**
 * The model for one agent: the run's choice, unless AI_MODEL_<AGENT> (e.g. AI_MODEL_PAYMENT_AGENT=gpt-4.1)
 * names another model id of the same provider, or "offline" for the offline planner.
 */
export function resolveAgentModel(
  agent: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ResolvedModel {
  const modelEnv = readModelEnv(env);
  const choice = agentModelChoice(agent, env);
  const label = modelLabel(choice);
  return {
    model: createLanguageModel(choice, modelEnv),
    label,
    cost: (usage) => costUsd(label, usage),
    streams: choice.provider !== 'offline-planner',
  };
}
