import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_CALL_SETTINGS, ModelSettingsError, readModelCallSettings } from '@/lib/models/call-settings';

describe('model call settings from the environment', () => {
  it('defaults that suit a hosted model and a slow local one', () => {
    expect(readModelCallSettings({})).toEqual(DEFAULT_MODEL_CALL_SETTINGS);
    expect(DEFAULT_MODEL_CALL_SETTINGS.stepTimeoutMs).toBeGreaterThanOrEqual(60_000);
    expect(DEFAULT_MODEL_CALL_SETTINGS.maxRetries).toBeGreaterThan(0);
  });

  it('reads every variable; empty ones count as unset', () => {
    expect(
      readModelCallSettings({
        AI_MAX_OUTPUT_TOKENS: '512',
        AI_TEMPERATURE: '0.2',
        AI_STEP_TIMEOUT_MS: '1500',
        AI_RUN_BUDGET_MS: '60000',
        AI_MAX_RETRIES: '0',
        AI_STREAM: '0',
      }),
    ).toEqual({
      maxOutputTokens: 512,
      temperature: 0.2,
      stepTimeoutMs: 1500,
      runBudgetMs: 60_000,
      maxRetries: 0,
      stream: false,
    });
    expect(readModelCallSettings({ AI_MAX_RETRIES: ' ' }).maxRetries).toBe(DEFAULT_MODEL_CALL_SETTINGS.maxRetries);
  });

  it.each([
    ['AI_TEMPERATURE', 'hot'],
    ['AI_MAX_RETRIES', '-1'],
    ['AI_STEP_TIMEOUT_MS', '1.5'],
    ['AI_STREAM', 'yes'],
  ])('names the variable when %s=%s is wrong', (name, value) => {
    expect(() => readModelCallSettings({ [name]: value })).toThrow(ModelSettingsError);
    expect(() => readModelCallSettings({ [name]: value })).toThrow(name);
  });
});
