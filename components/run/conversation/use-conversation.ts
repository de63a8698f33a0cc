import { useMemo } from 'react';
import type { TraceEvent } from '@/lib/trace/events';
import { emptyConversation, foldConversation, type ConversationState } from '@/lib/trace/projections/conversation';

/**
 * The last few folds of each log: a live log grows in place (the same array, more events), so the
 * next render folds only the events after the nearest cached count. A few are kept, not one: the
 * conversation follows the stream deferred (run-workspace.tsx), and a deferred render React drops
 * may have folded further than the count the page still shows. A replay that moves back before
 * every cached count folds from the start.
 */
const KEPT = 4;
const folded = new WeakMap<readonly TraceEvent[], { count: number; state: ConversationState }[]>();

export function conversationAt(events: readonly TraceEvent[], count: number): ConversationState {
  const upto = Math.max(0, Math.min(count, events.length));
  const cached = folded.get(events) ?? [];
  const exact = cached.find((c) => c.count === upto);
  if (exact) return exact.state;
  const from = cached
    .filter((c) => c.count < upto)
    .reduce<{ count: number; state: ConversationState } | null>(
      (best, c) => (best && best.count >= c.count ? best : c),
      null,
    );
  const state = from
    ? foldConversation(events.slice(from.count, upto), from.state)
    : foldConversation(events.slice(0, upto), emptyConversation);
  folded.set(events, [...cached, { count: upto, state }].slice(-KEPT));
  return state;
}

/** The conversation of the first `count` events of a run's log (all of them, live; the replay position's, replaying). */
export function useConversation(events: readonly TraceEvent[], count: number): ConversationState {
  return useMemo(() => conversationAt(events, count), [events, count]);
}
