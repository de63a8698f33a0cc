import { useMemo } from 'react';
import type { TraceEvent } from '@/lib/trace/events';
import { emptyConversation, foldConversation, type ConversationState } from '@/lib/trace/projections/conversation';

/**
 * The last fold of each log: a live log grows in place (the same array, more events), so the next
 * render folds only the events after the cached count. A replay that moves back folds from the start.
 */
const folded = new WeakMap<readonly TraceEvent[], { count: number; state: ConversationState }>();

export function conversationAt(events: readonly TraceEvent[], count: number): ConversationState {
  const upto = Math.max(0, Math.min(count, events.length));
  const cached = folded.get(events);
  if (cached?.count === upto) return cached.state;
  const state = cached && cached.count < upto
    ? foldConversation(events.slice(cached.count, upto), cached.state)
    : foldConversation(events.slice(0, upto), emptyConversation);
  folded.set(events, { count: upto, state });
  return state;
}

/** The conversation of the first `count` events of a run's log (all of them, live; the replay position's, replaying). */
export function useConversation(events: readonly TraceEvent[], count: number): ConversationState {
  return useMemo(() => conversationAt(events, count), [events, count]);
}
