import { describe, expect, it } from 'vitest';
import { costUsd, priceOf } from '@/lib/models/prices';

describe('prices', () => {
  it('costs input and output tokens at their own per-million rates', () => {
    expect(costUsd('openai:gpt-4.1-mini', { inputTokens: 1_000_000, outputTokens: 0 })).toBeCloseTo(0.4, 10);
    expect(costUsd('openai:gpt-4.1-mini', { inputTokens: 0, outputTokens: 1_000_000 })).toBeCloseTo(1.6, 10);
    expect(costUsd('anthropic:claude-sonnet-4-5', { inputTokens: 2_000, outputTokens: 500 })).toBeCloseTo(
      (2_000 * 3 + 500 * 15) / 1_000_000,
      12,
    );
  });

  it('the offline planner is free, and an unknown model costs nothing rather than a guess', () => {
    expect(costUsd('offline-planner:offline-planner-v1', { inputTokens: 123_456, outputTokens: 7_890 })).toBe(0);
    expect(priceOf('openai-compatible:llama3.1')).toEqual({ input: 0, output: 0 });
    expect(costUsd('openai:gpt-9', { inputTokens: 1_000, outputTokens: 1_000 })).toBe(0);
  });

  it('no tokens, no cost', () => {
    expect(costUsd('openai:gpt-4o', { inputTokens: 0, outputTokens: 0 })).toBe(0);
  });
});
