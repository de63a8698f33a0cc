import type { GraphNodeStatus } from '@/lib/trace/projections/graph';

export const NODE_BORDER: Record<GraphNodeStatus, string> = {
  idle: 'border-zinc-300 dark:border-zinc-700',
  active: 'border-indigo-500 ring-2 ring-indigo-400/50 dark:border-indigo-400',
  ok: 'border-emerald-500/70 dark:border-emerald-500/60',
  recovered: 'border-amber-500 dark:border-amber-400',
  error: 'border-red-500 dark:border-red-500',
};

export const STATUS_DOT: Record<GraphNodeStatus, string> = {
  idle: 'bg-zinc-300 dark:bg-zinc-600',
  active: 'bg-indigo-500 animate-pulse',
  ok: 'bg-emerald-500',
  recovered: 'bg-amber-500',
  error: 'bg-red-500',
};
