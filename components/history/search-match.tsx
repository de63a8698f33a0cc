'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { RunMatches } from '../api/history';

type Step = RunMatches['steps'][number];

const KIND: Record<string, string> = {
  'model.step': 'thought',
  'tool.call': 'tool call',
  'tool.result': 'tool result',
  'message.sent': 'message',
};

/** A snippet with the searched words marked. */
function Snippet({ parts }: { parts: Step['snippet'] }) {
  return (
    <span className="break-words" data-testid="match-snippet">
      {parts.map((p, i) =>
        p.hit ? (
          <mark
            key={i}
            className="rounded-sm bg-amber-200 px-0.5 text-zinc-900 dark:bg-amber-500/40 dark:text-amber-50"
          >
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </span>
  );
}

function StepLine({ runHref, step }: { runHref: string; step: Step }) {
  return (
    <Link
      href={`${runHref}?at=${step.seq}`}
      className="flex min-w-0 gap-2 rounded px-1 py-0.5 hover:bg-zinc-100 dark:hover:bg-zinc-800/60"
      data-testid="match-step"
      data-seq={step.seq}
      onClick={(e) => e.stopPropagation()}
    >
      <span className="w-12 shrink-0 text-right font-mono text-[10px] text-zinc-400">#{step.seq}</span>
      <span className="w-40 shrink-0 truncate text-zinc-500">
        {step.agent ?? 'run'} · {KIND[step.type] ?? step.type}
      </span>
      <span className="min-w-0 flex-1 text-zinc-700 dark:text-zinc-300">
        <Snippet parts={step.snippet} />
      </span>
    </Link>
  );
}

/**
 * Under a run's line when the list is searched: where it matched (the first matching step, words
 * marked) and, on demand, every matching step (the first 20), each a link to the run at that step.
 */
export function SearchMatch({ runHref, matches }: { runHref: string; matches: RunMatches | undefined }) {
  const [open, setOpen] = useState(false);
  if (!matches)
    return <p className="px-1 text-zinc-400">started after the search: open the run to see where it matches</p>;
  const [first] = matches.steps;
  if (!first) return <p className="px-1 text-zinc-400">no step matches (yet)</p>;
  return (
    <div className="space-y-0.5" data-testid="search-match" data-total={matches.total}>
      <div className="flex min-w-0 items-start gap-2">
        <div className="min-w-0 flex-1">
          <StepLine runHref={runHref} step={first} />
        </div>
        {matches.total > 1 && (
          <button
            type="button"
            className="shrink-0 rounded px-1.5 py-0.5 text-indigo-600 hover:bg-indigo-50 dark:text-indigo-400 dark:hover:bg-indigo-950/60"
            aria-expanded={open}
            onClick={(e) => {
              e.stopPropagation();
              setOpen((o) => !o);
            }}
            data-testid="match-toggle"
          >
            {open ? 'hide' : `all ${matches.total} matching steps`}
          </button>
        )}
      </div>
      {open && (
        <div className="space-y-0.5" data-testid="match-steps">
          {matches.steps.slice(1).map((step) => (
            <StepLine key={step.seq} runHref={runHref} step={step} />
          ))}
          {matches.total > matches.steps.length && (
            <p className="px-1 text-zinc-400">
              … and {matches.total - matches.steps.length} more: open the run and search its steps there
            </p>
          )}
        </div>
      )}
    </div>
  );
}
