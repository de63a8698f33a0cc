import { z } from 'zod';

/**
 * What a model is writing before its step ends, for the live run page only: never stored, never part
 * of the trace (the finished step is the model.step event). Deltas are gathered per agent step and
 * sent a few times a second, each message carrying the text so far, so a dropped one loses nothing.
 * Browser-safe: this file's schema is what the page reads.
 */

export const liveTextSchema = z.object({
  runId: z.string(),
  agent: z.string(),
  /** The agent's invoke_agent span: the model.step that ends this text has it as parent. */
  agentSpanId: z.string(),
  step: z.number().int().positive(),
  reasoning: z.string(),
  text: z.string(),
});
export type LiveText = z.infer<typeof liveTextSchema>;

export type LiveTextListener = (text: LiveText) => void;

export interface LiveTextDelta {
  runId: string;
  agent: string;
  agentSpanId: string;
  step: number;
  kind: 'text' | 'reasoning';
  delta: string;
}

/** A step's text is cut to its last this many characters per message: the page shows a glimpse, not a transcript. */
const MAX_CHARS = 4_000;

interface Pending {
  text: LiveText;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** In-process hub: agents push deltas, run streams subscribe per run. */
export class LiveTextHub {
  readonly #listeners = new Map<string, Set<LiveTextListener>>();
  readonly #pending = new Map<string, Pending>();

  constructor(readonly flushMs = 200) {}

  push(delta: LiveTextDelta): void {
    // Nobody watches this run: nothing to gather.
    if (!this.#listeners.has(delta.runId)) return;
    const key = `${delta.runId}\u0000${delta.agentSpanId}\u0000${delta.step}`;
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = {
        text: {
          runId: delta.runId,
          agent: delta.agent,
          agentSpanId: delta.agentSpanId,
          step: delta.step,
          reasoning: '',
          text: '',
        },
        timer: undefined,
      };
      this.#pending.set(key, pending);
    }
    const field = delta.kind === 'text' ? 'text' : 'reasoning';
    pending.text[field] = (pending.text[field] + delta.delta).slice(-MAX_CHARS);
    if (pending.timer) return;
    const entry = pending;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.#emit({ ...entry.text });
    }, this.flushMs);
    entry.timer.unref?.();
  }

  /** The step is over (its model.step is recorded): its text is no longer live. */
  endStep(runId: string, agentSpanId: string, step: number): void {
    const key = `${runId}\u0000${agentSpanId}\u0000${step}`;
    const pending = this.#pending.get(key);
    if (pending?.timer) clearTimeout(pending.timer);
    this.#pending.delete(key);
  }

  subscribe(runId: string, listener: LiveTextListener): () => void {
    let set = this.#listeners.get(runId);
    if (!set) this.#listeners.set(runId, (set = new Set()));
    const entry: LiveTextListener = (t) => listener(t);
    set.add(entry);
    return () => {
      const current = this.#listeners.get(runId);
      if (!current?.delete(entry)) return;
      if (current.size > 0) return;
      this.#listeners.delete(runId);
      for (const [key, pending] of this.#pending) {
        if (!key.startsWith(`${runId}\u0000`)) continue;
        if (pending.timer) clearTimeout(pending.timer);
        this.#pending.delete(key);
      }
    };
  }

  #emit(text: LiveText): void {
    for (const listener of [...(this.#listeners.get(text.runId) ?? [])]) {
      try {
        listener(text);
      } catch (error) {
        console.error(`[live-text] a listener of run ${text.runId} threw`, error);
      }
    }
  }
}

const KEY = Symbol.for('agent-checkout.live-text-hub');
type GlobalWithHub = typeof globalThis & { [KEY]?: LiveTextHub };

/** The process-wide hub, on globalThis like the bus (route modules and the app services share it). */
export function getLiveTextHub(): LiveTextHub {
  const g = globalThis as GlobalWithHub;
  g[KEY] ??= new LiveTextHub();
  return g[KEY];
}
