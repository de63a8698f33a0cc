'use client';

import { memo } from 'react';
import type { ConversationLine } from '@/lib/trace/projections/conversation';
import { DECISION_LABELS, lineText } from '@/lib/trace/projections/conversation-text';
import type { Names } from '@/lib/trace/projections/conversation-words';

const AGENT_TONES: Record<string, string> = {
  CheckoutAgent: 'text-indigo-700 dark:text-indigo-300',
  InventoryAgent: 'text-teal-700 dark:text-teal-300',
  PaymentAgent: 'text-fuchsia-700 dark:text-fuchsia-300',
  ShippingAgent: 'text-sky-700 dark:text-sky-300',
  NotificationAgent: 'text-orange-700 dark:text-orange-300',
  CustomerAgent: 'text-emerald-700 dark:text-emerald-300',
  OrderService: 'text-zinc-700 dark:text-zinc-300',
};

function Agent({ name }: { name: string }) {
  return <span className={`font-semibold ${AGENT_TONES[name] ?? 'text-zinc-700 dark:text-zinc-300'}`}>{name}</span>;
}

const STATUS_DOT: Record<string, string> = {
  ok: 'bg-emerald-500',
  error: 'bg-red-500',
  blocked: 'bg-amber-500',
  running: 'bg-zinc-400 animate-pulse',
};

/** How one line of the conversation looks; its words come from the projection's lineText. */
function Body({ line, names }: { line: ConversationLine; names: Names }) {
  const text = lineText(line, names);
  switch (line.kind) {
    case 'request':
    case 'reply':
      return (
        <p className={line.kind === 'reply' && line.status !== 'ok' ? 'text-red-700 dark:text-red-400' : ''}>
          <Agent name={line.agent} /> <span className="text-zinc-400">→</span> <Agent name={line.to} />
          <span className="text-zinc-400">:</span> <span data-testid="conversation-text">{text}</span>
        </p>
      );
    case 'thought':
      return (
        <p className="italic text-zinc-500 dark:text-zinc-400">
          <Agent name={line.agent} /> <span className="not-italic text-zinc-400">thinks:</span>{' '}
          <span data-testid="conversation-text">{text}</span>
        </p>
      );
    case 'tool':
      return (
        <p className="flex items-baseline gap-1.5 pl-4 text-zinc-600 dark:text-zinc-400">
          <span
            className={`inline-block size-1.5 shrink-0 translate-y-[-1px] rounded-full ${STATUS_DOT[line.status]}`}
            aria-hidden
          />
          {line.step && (
            <span className="shrink-0 font-mono text-[10px] text-zinc-400" data-testid="conversation-step">
              step {line.step.index}/{line.step.of}
            </span>
          )}
          <span className="min-w-0">
            <Agent name={line.agent} />{' '}
            <span
              data-testid="conversation-text"
              className={line.status === 'error' ? 'text-red-700 dark:text-red-400' : ''}
            >
              {text}
            </span>
            {line.faults.map((kind, i) => (
              <span
                key={i}
                className="ml-1.5 rounded border border-amber-400 bg-amber-100 px-1 text-[10px] font-medium text-amber-900 dark:border-amber-600 dark:bg-amber-900/60 dark:text-amber-200"
                data-testid="conversation-fault"
              >
                injected {kind.replace(/_/g, ' ')}
              </span>
            ))}
          </span>
        </p>
      );
    case 'decision':
      return (
        <p className="rounded-md border-l-4 border-amber-500 bg-amber-50 px-2 py-1 text-amber-950 dark:bg-amber-950/40 dark:text-amber-100">
          <span className="mr-1.5 rounded bg-amber-500 px-1 text-[10px] font-bold uppercase tracking-wide text-white">
            Decision · {DECISION_LABELS[line.decision]}
          </span>
          <Agent name={line.agent} />: <span data-testid="conversation-text">{text}</span>
        </p>
      );
    case 'note':
      return (
        <p
          className={`pl-4 text-[11px] ${line.tone === 'warning' ? 'text-amber-700 dark:text-amber-400' : 'text-zinc-500'}`}
        >
          <span data-testid="conversation-text">{text}</span>
        </p>
      );
    case 'stop':
      return (
        <p className="rounded-md border-l-4 border-red-500 bg-red-50 px-2 py-1 text-red-900 dark:bg-red-950/40 dark:text-red-200">
          <span className="mr-1.5 rounded bg-red-600 px-1 text-[10px] font-bold uppercase tracking-wide text-white">
            Script stopped
          </span>
          <span data-testid="conversation-text">{text}</span>
        </p>
      );
    case 'end':
      return (
        <p
          className={`border-t border-zinc-200 pt-1 font-medium dark:border-zinc-800 ${line.status === 'succeeded' ? 'text-emerald-700 dark:text-emerald-400' : 'text-red-700 dark:text-red-400'}`}
        >
          Run {line.status}:{' '}
          <span data-testid="conversation-text" className="font-normal">
            {text}
          </span>
        </p>
      );
  }
}

export const ConversationLineView = memo(function ConversationLineView({
  line,
  names,
  selected,
  onSelect,
}: {
  line: ConversationLine;
  names: Names;
  selected: boolean;
  onSelect: (line: ConversationLine) => void;
}) {
  return (
    <li
      data-testid="conversation-line"
      data-kind={line.kind}
      data-line-id={line.id}
      data-span-id={line.spanId}
      data-agent={line.agent}
      data-decision={line.kind === 'decision' ? line.decision : undefined}
      data-status={
        line.kind === 'tool'
          ? line.status
          : line.kind === 'reply'
            ? line.status
            : line.kind === 'end'
              ? line.status
              : undefined
      }
      aria-current={selected ? true : undefined}
      data-selected={selected}
      tabIndex={-1}
      onClick={() => onSelect(line)}
      className={`cursor-pointer rounded px-2 py-0.5 text-xs leading-5 break-words hover:bg-zinc-100 dark:hover:bg-zinc-800/60 ${selected ? 'bg-indigo-50 ring-1 ring-indigo-400 dark:bg-indigo-950/50' : ''}`}
    >
      <Body line={line} names={names} />
    </li>
  );
});
