import { z } from 'zod';

/**
 * How every model call is made, from the environment. The defaults suit a hosted model and a slow
 * local one alike: a step may take two minutes (a 7B model on a CPU), a run ten.
 */
export interface ModelCallSettings {
  /** Sent as the provider's max tokens; unset leaves the provider's default. */
  maxOutputTokens?: number;
  /** Sent as the provider's temperature; unset leaves the provider's default. */
  temperature?: number;
  /** One model call (one attempt), from request to its last byte. */
  stepTimeoutMs: number;
  /** Each agent's whole loop; the CheckoutAgent's covers the run. */
  runBudgetMs: number;
  /** Attempts after the first, for 429, 5xx, timeouts, dropped connections and empty replies. */
  maxRetries: number;
  /** Stream replies from the provider (text shows live while a step runs); the offline planner never needs to. */
  stream: boolean;
}

export const DEFAULT_MODEL_CALL_SETTINGS: ModelCallSettings = {
  maxOutputTokens: 2048,
  temperature: 0,
  stepTimeoutMs: 120_000,
  runBudgetMs: 600_000,
  maxRetries: 4,
  stream: true,
};

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  AI_MAX_OUTPUT_TOKENS: int(1, 1_000_000).optional(),
  AI_TEMPERATURE: z.coerce.number().min(0).max(2).optional(),
  AI_STEP_TIMEOUT_MS: int(100, 3_600_000).optional(),
  AI_RUN_BUDGET_MS: int(100, 86_400_000).optional(),
  AI_MAX_RETRIES: int(0, 20).optional(),
  AI_STREAM: z.enum(['0', '1', 'false', 'true']).optional(),
});

export class ModelSettingsError extends Error {
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super(`Invalid model settings: ${issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`).join('; ')}`);
    this.name = 'ModelSettingsError';
  }
}

/** The settings from the environment; empty variables count as unset, a bad value is an error naming it. */
export function readModelCallSettings(
  env: Readonly<Record<string, string | undefined>> = process.env,
): ModelCallSettings {
  const picked = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => (env[key]?.trim() ? [[key, env[key].trim()]] : [])),
  );
  const parsed = envSchema.safeParse(picked);
  if (!parsed.success) throw new ModelSettingsError(parsed.error.issues);
  const e = parsed.data;
  const d = DEFAULT_MODEL_CALL_SETTINGS;
  return {
    maxOutputTokens: e.AI_MAX_OUTPUT_TOKENS ?? d.maxOutputTokens,
    temperature: e.AI_TEMPERATURE ?? d.temperature,
    stepTimeoutMs: e.AI_STEP_TIMEOUT_MS ?? d.stepTimeoutMs,
    runBudgetMs: e.AI_RUN_BUDGET_MS ?? d.runBudgetMs,
    maxRetries: e.AI_MAX_RETRIES ?? d.maxRetries,
    stream: e.AI_STREAM === undefined ? d.stream : e.AI_STREAM === '1' || e.AI_STREAM === 'true',
  };
}
