'use client';

import type { LiveText } from '@/lib/trace/live-text';

/** The tail of what a model is writing: enough to see it think, not a transcript. */
const tail = (text: string, max = 240) => (text.length > max ? `…${text.slice(-max)}` : text);

/**
 * What the models are writing in steps still in progress, over the bottom of the graph (an overlay,
 * so nothing below moves when it comes and goes). Real models only: the offline planner answers at once.
 */
export function LiveThinking({ thinking }: { thinking: readonly LiveText[] }) {
  if (thinking.length === 0) return null;
  return (
    <div
      className="pointer-events-none absolute inset-x-2 bottom-2 z-10 flex flex-col gap-1"
      data-testid="live-thinking"
      aria-live="polite"
    >
      {thinking.map((t) => (
        <div
          key={`${t.agentSpanId}#${t.step}`}
          className="rounded-md border border-zinc-200 bg-white/90 px-2 py-1 text-xs shadow-sm dark:border-zinc-700 dark:bg-zinc-900/90"
          data-testid="live-thinking-step"
          data-agent={t.agent}
        >
          <span className="font-medium">{t.agent}</span>{' '}
          <span className="text-zinc-500">is thinking (step {t.step})</span>
          {t.reasoning && <p className="line-clamp-2 italic text-zinc-500">{tail(t.reasoning)}</p>}
          {t.text && <p className="line-clamp-2 break-words">{tail(t.text)}</p>}
        </div>
      ))}
    </div>
  );
}
