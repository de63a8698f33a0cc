import type { LanguageModelV4CallOptions, LanguageModelV4Prompt } from '@ai-sdk/provider';
import { firstJsonObject } from '@/lib/protocol/json-in-text';

/** One tool call the model made earlier in this conversation, with what came back. */
export interface Observation {
  toolCallId: string;
  toolName: string;
  input: Record<string, unknown>;
  /** The tool's output value (JSON), or undefined while the call has no result. */
  output: unknown;
  /** True when the tool itself threw (error-text / error-json output). */
  toolError: boolean;
}

export interface ReadPrompt {
  instructions: string;
  /** All user text, in order. */
  userText: string;
  /** The machine-readable part of the goal/task: the first ```json block in the user text. */
  brief: Record<string, unknown> | null;
  observations: Observation[];
  toolNames: string[];
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Reads only what a real model would get: the messages and the tool definitions.
 * Nothing else reaches the planner.
 */
export function readPrompt(options: Pick<LanguageModelV4CallOptions, 'prompt' | 'tools'>): ReadPrompt {
  const prompt: LanguageModelV4Prompt = options.prompt;
  const instructions: string[] = [];
  const userText: string[] = [];
  const byId = new Map<string, Observation>();
  const observations: Observation[] = [];

  for (const message of prompt) {
    if (message.role === 'system') {
      instructions.push(message.content);
    } else if (message.role === 'user') {
      for (const part of message.content) if (part.type === 'text') userText.push(part.text);
    } else {
      for (const part of message.content) {
        if (part.type === 'tool-call') {
          const input =
            typeof part.input === 'string' ? parseJsonObject(part.input) : (part.input as Record<string, unknown>);
          const observation: Observation = {
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            input: input ?? {},
            output: undefined,
            toolError: false,
          };
          byId.set(part.toolCallId, observation);
          observations.push(observation);
        } else if (part.type === 'tool-result') {
          const observation = byId.get(part.toolCallId);
          if (!observation) continue;
          const output = part.output;
          if (output.type === 'json' || output.type === 'text') {
            observation.output = output.value;
          } else if (output.type === 'error-json' || output.type === 'error-text') {
            observation.output = output.value;
            observation.toolError = true;
          } else {
            observation.toolError = true;
          }
        }
      }
    }
  }

  const allUserText = userText.join('\n');

  return {
    instructions: instructions.join('\n'),
    userText: allUserText,
    brief: firstJsonObject(allUserText),
    observations,
    toolNames: (options.tools ?? [])
      .filter((t) => t.type === 'function')
      .map((t) => t.name)
      .sort(),
  };
}
