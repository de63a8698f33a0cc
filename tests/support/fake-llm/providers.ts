import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV4 } from '@ai-sdk/provider';
import type { Dialect } from '.';

/** The app's three real provider paths (lib/models/language-models.ts), pointed at the fake. */
export interface ProviderUnderTest {
  name: string;
  dialect: Dialect;
  model(baseURL: string): LanguageModelV4;
  /** Whether the provider surfaces reasoning it is sent (OpenAI's chat API has no reasoning field, so @ai-sdk/openai drops it). */
  keepsReasoning: boolean;
  /** Whether a streamed reply reports usage: openai-compatible asks for it (stream_options.include_usage) only when configured to, and the app does not. */
  streamsUsage: boolean;
}

export const PROVIDERS: ProviderUnderTest[] = [
  {
    name: '@ai-sdk/openai .chat()',
    dialect: 'openai',
    model: (baseURL) => createOpenAI({ baseURL, apiKey: 'x' }).chat('fake-gpt'),
    keepsReasoning: false,
    streamsUsage: true,
  },
  {
    name: '@ai-sdk/openai-compatible',
    dialect: 'openai',
    model: (baseURL) => createOpenAICompatible({ name: 'fake', baseURL, apiKey: 'x' }).chatModel('fake-llama'),
    keepsReasoning: true,
    streamsUsage: false,
  },
  {
    name: '@ai-sdk/anthropic',
    dialect: 'anthropic',
    model: (baseURL) => createAnthropic({ baseURL, apiKey: 'x' }).languageModel('claude-sonnet-4-5'),
    keepsReasoning: true,
    streamsUsage: true,
  },
];

/** What a person sets to run the app's agents on Claude (lib/models reads it), pointed at the fake. */
export const anthropicEnv = (url: string): Record<string, string> => ({
  ANTHROPIC_API_KEY: 'sk-ant-test',
  ANTHROPIC_BASE_URL: url,
  AI_MODEL: 'claude-fake',
});
