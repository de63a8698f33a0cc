import { think, type Decision } from '@/lib/planner/think';
import type { Observation, ReadPrompt } from '@/lib/planner/prompt-reader';
import { ANSWER_TOOL, FINISH_CHECKOUT_TOOL } from '@/lib/protocol/agents';
import { withJsonBlock } from '@/lib/protocol/json-in-text';

export type Responder = (toolName: string, input: Record<string, unknown>, history: Observation[]) => unknown;

/** Drives the planner through a conversation whose tool results come from `respond`; returns the calls it made and its answer. */
export function simulate(toolNames: string[], brief: Record<string, unknown>, respond: Responder, maxSteps = 40) {
  const observations: Observation[] = [];
  const decisions: Decision[] = [];
  for (let i = 0; i < maxSteps; i++) {
    const read: ReadPrompt = {
      instructions: '',
      userText: withJsonBlock('do it', 'brief', brief),
      brief,
      observations: [...observations],
      toolNames: [...toolNames, ANSWER_TOOL, FINISH_CHECKOUT_TOOL].sort(),
    };
    const decision = think(read);
    decisions.push(decision);
    if (decision.kind === 'answer') return { calls: observations, decisions, answer: decision };
    const output = respond(decision.toolName, decision.input, observations);
    observations.push({
      toolCallId: `c${i}`,
      toolName: decision.toolName,
      input: decision.input,
      output,
      toolError: false,
    });
  }
  throw new Error(`no answer after ${maxSteps} steps: ${observations.map((o) => o.toolName).join(', ')}`);
}

/** The structured answer the planner gave through its finish tool (answer / finish_checkout). */
export const finalAnswer = (r: { answer: Decision }) =>
  (r.answer.kind === 'answer' ? r.answer.finish?.input : undefined) as Record<string, unknown>;

export const ok = (value: Record<string, unknown>) => ({ ok: true, value });
export const err = (code: string, retryable = false, retryAfterMs?: number) => ({
  ok: false,
  error: { code, message: `${code} happened`, retryable, retryAfterMs },
});
