/** US dollars per million tokens (input, output). The offline planner is free; unknown models cost nothing rather than a guess. */
const PRICES_PER_MILLION: Record<string, { input: number; output: number }> = {
  'openai:gpt-4.1': { input: 2, output: 8 },
  'openai:gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'openai:gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'openai:gpt-4o': { input: 2.5, output: 10 },
  'openai:gpt-4o-mini': { input: 0.15, output: 0.6 },
  'anthropic:claude-sonnet-4-5': { input: 3, output: 15 },
  'anthropic:claude-haiku-4-5': { input: 1, output: 5 },
  'anthropic:claude-opus-4-1': { input: 15, output: 75 },
};

export function priceOf(label: string): { input: number; output: number } {
  return PRICES_PER_MILLION[label] ?? { input: 0, output: 0 };
}

export function costUsd(label: string, usage: { inputTokens: number; outputTokens: number }): number {
  const price = priceOf(label);
  return (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
}
