import type { JSONValue, LanguageModelV4ToolResultOutput } from '@ai-sdk/provider';
import type { z } from 'zod';
import type { BadRequest } from './types';

/** A zod failure as the 400 names it: every offending field with its path (`messages.2.role`). */
export function badRequestFrom(error: z.ZodError, what: string): BadRequest {
  const fields = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const first = fields[0];
  return { message: first ? `${what}: ${first.path || '(body)'}: ${first.message}` : what, fields };
}

/** JSON text as a value, or undefined when it is not JSON. */
export function parseJsonText(text: string): JSONValue | undefined {
  try {
    return JSON.parse(text) as JSONValue;
  } catch {
    return undefined;
  }
}

/** A tool result sent back as text: JSON when it parses (how the SDK serialised it), else plain text. */
export function toolResultOutput(text: string, isError: boolean): LanguageModelV4ToolResultOutput {
  const value = parseJsonText(text);
  if (value === undefined) return { type: isError ? 'error-text' : 'text', value: text };
  return { type: isError ? 'error-json' : 'json', value };
}

/** A tool call's input in the prompt: the parsed object, or the raw text when it was not JSON. */
export const toolCallInput = (argumentsText: string): unknown => parseJsonText(argumentsText) ?? argumentsText;
