import { think, type Decision } from '@/lib/planner/think';
import type { Observation, ReadPrompt } from '@/lib/planner/prompt-reader';
import { withJsonBlock } from '@/lib/protocol/tasks';

export type Responder = (toolName: string, input: Record<string, unknown>, history: Observation[]) => unknown;

/** Drives the planner through a conversation whose tool results come from `respond`; returns the calls it made and its answer. */
export function simulate(toolNames: string[], brief: Record<string, unknown>, respond: Responder, maxSteps = 40) {
  const observations: Observation[] = [];
  const decisions: Decision[] = [];
  for (let i = 0; i < maxSteps; i++) {
    const read: ReadPrompt = { instructions: '', userText: withJsonBlock('do it', 'brief', brief), brief, observations: [...observations], toolNames: [...toolNames].sort() };
    const decision = think(read);
    decisions.push(decision);
    if (decision.kind === 'answer') return { calls: observations, decisions, answer: decision };
    const output = respond(decision.toolName, decision.input, observations);
    observations.push({ toolCallId: `c${i}`, toolName: decision.toolName, input: decision.input, output, toolError: false });
  }
  throw new Error(`no answer after ${maxSteps} steps: ${observations.map((o) => o.toolName).join(', ')}`);
}

export const ok = (value: Record<string, unknown>) => ({ ok: true, value });
export const err = (code: string, retryable = false, retryAfterMs?: number) => ({ ok: false, error: { code, message: `${code} happened`, retryable, retryAfterMs } });
