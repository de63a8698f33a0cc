import { describe, expect, it } from 'vitest';
import { agentModelMix, chooseModel, modelLabel, OFFLINE_PLANNER_MODEL_ID, readModelEnv } from '@/lib/models/registry';

const choose = (env: Record<string, string | undefined>) => chooseModel(readModelEnv(env));

describe('model choice from the environment', () => {
  it('nothing set → the offline planner, and AI_MODEL alone does not change that', () => {
    expect(choose({})).toEqual({ provider: 'offline-planner', modelId: OFFLINE_PLANNER_MODEL_ID });
    expect(choose({ AI_MODEL: 'gpt-4o' })).toEqual({ provider: 'offline-planner', modelId: OFFLINE_PLANNER_MODEL_ID });
  });

  it('an OpenAI-compatible URL wins over every key', () => {
    expect(
      choose({
        OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:11434/v1',
        OPENAI_API_KEY: 'sk',
        ANTHROPIC_API_KEY: 'ak',
        AI_MODEL: 'qwen2.5',
      }),
    ).toEqual({ provider: 'openai-compatible', modelId: 'qwen2.5', baseUrl: 'http://127.0.0.1:11434/v1' });
    expect(choose({ OPENAI_COMPATIBLE_BASE_URL: 'http://127.0.0.1:11434/v1' }).modelId).toBe('llama3.1');
  });

  it('OpenAI wins over Anthropic, with its optional base URL', () => {
    expect(choose({ OPENAI_API_KEY: 'sk', ANTHROPIC_API_KEY: 'ak' })).toEqual({
      provider: 'openai',
      modelId: 'gpt-4.1-mini',
      baseUrl: undefined,
    });
    expect(choose({ OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: 'https://proxy.example/v1', AI_MODEL: 'gpt-4o' })).toEqual({
      provider: 'openai',
      modelId: 'gpt-4o',
      baseUrl: 'https://proxy.example/v1',
    });
  });

  it('Anthropic when only its key is set', () => {
    expect(choose({ ANTHROPIC_API_KEY: 'ak' })).toEqual({ provider: 'anthropic', modelId: 'claude-sonnet-4-5' });
    expect(choose({ ANTHROPIC_API_KEY: 'ak', AI_MODEL: 'claude-haiku-4-5' }).modelId).toBe('claude-haiku-4-5');
  });

  it('empty or blank values count as unset', () => {
    expect(
      choose({ OPENAI_COMPATIBLE_BASE_URL: '', OPENAI_API_KEY: '   ', ANTHROPIC_API_KEY: 'ak', AI_MODEL: '' }),
    ).toEqual({ provider: 'anthropic', modelId: 'claude-sonnet-4-5' });
  });

  it('reads only the variables that choose a model', () => {
    expect(readModelEnv({ OPENAI_API_KEY: 'sk', PATH: '/usr/bin', AI_MODEL_PAYMENT_AGENT: 'gpt-4.1' })).toEqual({
      OPENAI_API_KEY: 'sk',
    });
  });

  it('a base URL that is not a URL is refused at the boundary, not sent requests', () => {
    expect(() => readModelEnv({ OPENAI_COMPATIBLE_BASE_URL: 'localhost:11434' })).toThrow();
    expect(() => readModelEnv({ OPENAI_API_KEY: 'sk', OPENAI_BASE_URL: 'not a url' })).toThrow();
  });

  it('labels runs as provider:model', () => {
    expect(modelLabel(choose({ OPENAI_API_KEY: 'sk' }))).toBe('openai:gpt-4.1-mini');
    expect(modelLabel(choose({}))).toBe(`offline-planner:${OFFLINE_PLANNER_MODEL_ID}`);
  });
});

describe('agentModelMix', () => {
  it("names every agent's model and which ones an AI_MODEL_<AGENT> variable changed", () => {
    const mix = agentModelMix(['CheckoutAgent', 'PaymentAgent', 'InventoryAgent'], {
      OPENAI_API_KEY: 'sk',
      AI_MODEL: 'gpt-4.1-mini',
      AI_MODEL_PAYMENT_AGENT: 'gpt-4.1',
      AI_MODEL_INVENTORY_AGENT: 'offline',
    });
    expect(mix.agents).toEqual({
      CheckoutAgent: 'openai:gpt-4.1-mini',
      PaymentAgent: 'openai:gpt-4.1',
      InventoryAgent: 'offline-planner:offline-planner-v1',
    });
    expect(mix.overrides).toEqual({
      PaymentAgent: 'openai:gpt-4.1',
      InventoryAgent: 'offline-planner:offline-planner-v1',
    });
    expect(agentModelMix(['CheckoutAgent'], {}).overrides).toEqual({});
  });
});
