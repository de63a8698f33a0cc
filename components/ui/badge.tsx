import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'accent' | 'ok' | 'warn' | 'error' | 'fault';

const TONES: Record<Tone, string> = {
  neutral: 'border-zinc-300 bg-zinc-100 text-zinc-700 dark:border-zinc-700 dark:bg-zinc-800 dark:text-zinc-300',
  accent:
    'border-indigo-300 bg-indigo-50 text-indigo-700 dark:border-indigo-800 dark:bg-indigo-950 dark:text-indigo-300',
  ok: 'border-emerald-300 bg-emerald-50 text-emerald-700 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-300',
  warn: 'border-amber-300 bg-amber-50 text-amber-800 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-300',
  error: 'border-red-300 bg-red-50 text-red-700 dark:border-red-800 dark:bg-red-950 dark:text-red-300',
  fault: 'border-amber-400 bg-amber-100 text-amber-900 dark:border-amber-600 dark:bg-amber-900/60 dark:text-amber-200',
};

export function Badge({
  tone = 'neutral',
  children,
  title,
  testId,
}: {
  tone?: Tone;
  children: ReactNode;
  title?: string;
  testId?: string;
}) {
  return (
    <span
      title={title}
      data-testid={testId}
      className={`inline-flex h-5 shrink-0 items-center gap-1 whitespace-nowrap rounded border px-1.5 text-[11px] font-medium leading-none ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}

/** The tone a status word is shown in, wherever it appears (runs, orders, spans, payments). */
export function statusTone(status: string | null | undefined): Tone {
  switch (status) {
    case 'succeeded':
    case 'ok':
    case 'placed':
    case 'committed':
    case 'label_created':
    case 'sent':
      return 'ok';
    case 'failed':
    case 'error':
    case 'cancelled':
      return 'error';
    case 'running':
    case 'active':
    case 'held':
      return 'accent';
    case 'interrupted':
    case 'recovered':
    case 'pending':
    case 'released':
    case 'queued':
      return 'warn';
    default:
      return 'neutral';
  }
}

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <Badge tone={statusTone(status)} testId={testId}>
      {status === 'running' && <span className="size-1.5 animate-pulse rounded-full bg-current" aria-hidden />}
      {status}
    </Badge>
  );
}

/** The mark every injected fault carries, in the graph, the timeline and the inspector. */
export function InjectedMark({ title, testId = 'injected-mark' }: { title?: string; testId?: string }) {
  return (
    <Badge tone="fault" title={title} testId={testId}>
      <span aria-hidden>⚡</span>injected
    </Badge>
  );
}
