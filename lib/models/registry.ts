import { z } from 'zod';

/** Which language model the agents think with, chosen from the environment. */
export interface ModelChoice {
  /** offline-planner | openai | anthropic | openai-compatible */
  provider: 'offline-planner' | 'openai' | 'anthropic' | 'openai-compatible';
  /** The model id as the provider knows it. */
  modelId: string;
  /** Where requests go, when not the provider's default. */
  baseUrl?: string;
}

export const OFFLINE_PLANNER_MODEL_ID = 'offline-planner-v1';

// Only http(s): "localhost:11434" parses as a URL with the scheme "localhost:" and would fail only at the first request.
const baseUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

const modelEnvSchema = z.object({
  AI_MODEL: z.string().trim().min(1).optional(),
  OPENAI_API_KEY: z.string().trim().min(1).optional(),
  OPENAI_BASE_URL: baseUrl.optional(),
  ANTHROPIC_API_KEY: z.string().trim().min(1).optional(),
  ANTHROPIC_BASE_URL: baseUrl.optional(),
  OPENAI_COMPATIBLE_BASE_URL: baseUrl.optional(),
});

export type ModelEnv = z.infer<typeof modelEnvSchema>;

/** Reads only the variables that choose a model; empty strings count as unset. */
export function readModelEnv(env: Readonly<Record<string, string | undefined>> = process.env): ModelEnv {
  const picked = Object.fromEntries(
    Object.keys(modelEnvSchema.shape)
      .map((key) => [key, env[key]?.trim() ? env[key] : undefined] as const)
      .filter(([, value]) => value !== undefined),
  );
  return modelEnvSchema.parse(picked);
}

/**
 * The model the agents use: an OpenAI-compatible server if its URL is set, else
 * OpenAI, else Anthropic if their keys are set, else the offline planner.
 */
export function chooseModel(env: ModelEnv = readModelEnv()): ModelChoice {
  if (env.OPENAI_COMPATIBLE_BASE_URL) {
    return {
      provider: 'openai-compatible',
      modelId: env.AI_MODEL ?? 'llama3.1',
      baseUrl: env.OPENAI_COMPATIBLE_BASE_URL,
    };
  }
  if (env.OPENAI_API_KEY) {
    return { provider: 'openai', modelId: env.AI_MODEL ?? 'gpt-4.1-mini', baseUrl: env.OPENAI_BASE_URL };
  }
  if (env.ANTHROPIC_API_KEY) {
    return { provider: 'anthropic', modelId: env.AI_MODEL ?? 'claude-sonnet-4-5', baseUrl: env.ANTHROPIC_BASE_URL };
  }
  return { provider: 'offline-planner', modelId: OFFLINE_PLANNER_MODEL_ID };
}

/** A short label such as "openai:gpt-4.1-mini", as runs record it. */
export function modelLabel(choice: ModelChoice): string {
  return `${choice.provider}:${choice.modelId}`;
}

const agentEnvSuffix = (agent: string) => agent.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(); // PaymentAgent → PAYMENT_AGENT

/** The variable that overrides one agent's model. */
export const agentModelVariable = (agent: string) => `AI_MODEL_${agentEnvSuffix(agent)}`;

/**
 * One agent's model: the run's choice, unless AI_MODEL_<AGENT> names another model id of the same
 * provider, or "offline" for the offline planner (there is one offline planner: without a provider,
 * a model id names nothing, so it is ignored).
 */
export function agentModelChoice(
  agent: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ModelChoice {
  const choice = chooseModel(readModelEnv(env));
  const override = env[agentModelVariable(agent)]?.trim();
  if (override === 'offline') return chooseModel({});
  if (override && choice.provider !== 'offline-planner') return { ...choice, modelId: override };
  return choice;
}

/** Every agent's model label, and which of them an AI_MODEL_<AGENT> variable set: what /api/health shows. */
export function agentModelMix(
  agents: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
) {
  const base = modelLabel(chooseModel(readModelEnv(env)));
  const agentsModels = Object.fromEntries(agents.map((agent) => [agent, modelLabel(agentModelChoice(agent, env))]));
  const overrides = Object.fromEntries(Object.entries(agentsModels).filter(([, label]) => label !== base));
  return { agents: agentsModels, overrides };
}
