import { TOOLS } from '@/lib/protocol/agents';
import { toolResultError, toolResultSchema } from '@/lib/protocol/tool-result';
import type { Observation } from './prompt-reader';
import type { Atom, GroundAction, Goal, State } from './strips';

/** What the planner knows after reading the conversation: ground atoms plus the values actions bind to. */
export class Facts {
  readonly atoms = new Set<Atom>();
  readonly values = new Map<string, unknown>();
  /** Observations in words, for the reasoning text. */
  readonly notes: string[] = [];

  has(a: Atom): boolean {
    return this.atoms.has(a);
  }
  add(...atoms: Atom[]): void {
    for (const a of atoms) this.atoms.add(a);
  }
  del(...atoms: Atom[]): void {
    for (const a of atoms) this.atoms.delete(a);
  }
  set(key: string, value: unknown): void {
    this.values.set(key, value);
  }
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  note(text: string): void {
    this.notes.push(text);
  }
  count(key: string): number {
    return (this.values.get(key) as number | undefined) ?? 0;
  }
  bump(key: string): number {
    const n = this.count(key) + 1;
    this.values.set(key, n);
    return n;
  }
}

/**
 * An agent's planning domain: how observations become facts, which actions exist
 * (preconditions/effects, bound to the tool that carries each out), the ranked goals,
 * and the final answer once a goal holds.
 */
export interface Domain<Brief> {
  agent: string;
  /** The domain applies when the call offers all of these tools. */
  requiredTools: string[];
  parseBrief(brief: Record<string, unknown> | null): Brief | null;
  observe(brief: Brief, observations: Observation[]): Facts;
  actions(brief: Brief, facts: Facts): (state: State) => GroundAction[];
  goals(brief: Brief, facts: Facts): Goal[];
  /** The tool this agent ends with (answer, finish_checkout). */
  finishTool: string;
  /** The final answer, in words and as the finish tool's input, when goal `rank` holds (or when no goal can be reached: rank = -1). */
  finish(brief: Brief, facts: Facts, rank: number, goal: Goal | null): FinalAnswer;
}

/** An agent's last words and its structured answer (the finish tool's input). */
export interface FinalAnswer {
  text: string;
  answer: Record<string, unknown>;
}

/** A tool result as the services shape it: { ok, value } or { ok: false, error }. */
export interface ToolOutcome {
  ok: boolean;
  value: Record<string, unknown>;
  error: { code: string; message: string; retryable: boolean; retryAfterMs?: number } | null;
}

export function readOutcome(observation: Observation): ToolOutcome | null {
  const out = observation.output;
  if (observation.toolError) {
    return {
      ok: false,
      value: {},
      error: {
        code: 'tool_error',
        message: String(typeof out === 'string' ? out : JSON.stringify(out)),
        retryable: true,
      },
    };
  }
  const result = toolResultSchema.safeParse(out);
  if (!result.success) return null;
  if (result.data.ok) return { ok: true, value: (result.data.value ?? {}) as Record<string, unknown>, error: null };
  return { ok: false, value: {}, error: toolResultError(result.data.error, { code: 'unknown', message: '' }) };
}

/**
 * The tool results of a conversation, in order, with the backoff rule every domain shares
 * applied on the way: a wait that was taken clears the pending backoff.
 */
export function* toolOutcomes(observations: Observation[], facts: Facts): Generator<[Observation, ToolOutcome]> {
  for (const obs of observations) {
    if (obs.toolName === TOOLS.wait) {
      facts.del('backoff');
      continue;
    }
    const outcome = readOutcome(obs);
    if (outcome) yield [obs, outcome];
  }
}
