'use client';

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  decisionsOf,
  lineSelectedBy,
  type ConversationLine,
  type ConversationState,
} from '@/lib/trace/projections/conversation';
import { emptyNames, mergeNames, type Names } from '@/lib/trace/projections/conversation-words';
import { Panel } from '../../ui/panel';
import { ConversationLineView } from './conversation-line';

/** Lines kept in the DOM at first: a 10,000-step run is read from its end; earlier lines come on demand. */
const WINDOW = 400;

/**
 * The run as the agents' dialogue. A line selects its span (the same selection as the graph and
 * the timeline, so ?span= in the URL); a span selected elsewhere highlights its line and scrolls it
 * into view. While the run is live the list follows its end, unless the person scrolled up.
 */
export function ConversationPanel({
  conversation,
  orderNames,
  selectedSpanId,
  onSelectSpan,
  live,
  heightClass,
}: {
  conversation: ConversationState;
  orderNames: Partial<Names>;
  selectedSpanId: string | null;
  onSelectSpan: (spanId: string) => void;
  live: boolean;
  heightClass: string;
}) {
  // The trace's own names win over the order API's (they carry the card's role).
  const names = useMemo(
    () => mergeNames(mergeNames(emptyNames, orderNames), conversation.names),
    [orderNames, conversation.names],
  );
  const { lines } = conversation;
  const decisions = useMemo(() => decisionsOf(conversation).length, [conversation]);
  const selectedIndex = useMemo(
    () => (selectedSpanId === null ? -1 : lines.findIndex((l) => lineSelectedBy(l, selectedSpanId))),
    [lines, selectedSpanId],
  );
  const [shownFrom, setShownFrom] = useState<number | null>(null);
  const start = Math.max(
    0,
    Math.min(shownFrom ?? lines.length - WINDOW, selectedIndex >= 0 ? selectedIndex : Infinity),
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (el) atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
  }, []);

  // Follow the end while live (and on first load), as long as the person has not scrolled up; names
  // arriving from the order API re-wrap lines, so they count as growth too.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && atEnd.current && selectedIndex < 0) el.scrollTop = el.scrollHeight;
  }, [lines.length, selectedIndex, names]);

  // A span picked in the graph or timeline: bring its line into the middle of the list (the page itself does not move).
  useEffect(() => {
    const el = scrollRef.current;
    if (!el || selectedIndex < 0) return;
    const row = el.querySelector<HTMLElement>(`[data-line-id="${CSS.escape(lines[selectedIndex].id)}"]`);
    if (!row) return;
    const top = row.getBoundingClientRect().top - el.getBoundingClientRect().top + el.scrollTop;
    if (top < el.scrollTop || top + row.offsetHeight > el.scrollTop + el.clientHeight)
      el.scrollTop = Math.max(0, top - el.clientHeight / 2);
    atEnd.current = false;
  }, [selectedIndex, lines]);

  const select = useCallback((line: ConversationLine) => onSelectSpan(line.spanId), [onSelectSpan]);

  return (
    <Panel
      title="Conversation"
      testId="conversation-panel"
      actions={
        <span className="flex items-center gap-2 text-[11px] text-zinc-500">
          {/* Fixed boxes: "live" going away and "1 decision" becoming "12 decisions" while the run streams move nothing. */}
          <span
            className={`flex w-10 items-center gap-1 ${live ? '' : 'invisible'}`}
            data-testid={live ? 'conversation-live' : undefined}
            aria-hidden={!live}
          >
            <span className="size-1.5 animate-pulse rounded-full bg-emerald-500" />
            live
          </span>
          <span className="inline-block w-[12ch]" data-testid="conversation-decisions" data-count={decisions}>
            {decisions === 1 ? '1 decision' : `${decisions} decisions`}
          </span>
        </span>
      }
      bodyClassName={heightClass}
    >
      <div
        ref={scrollRef}
        onScroll={onScroll}
        className="h-full overflow-y-auto"
        data-testid="conversation"
        data-status={conversation.status}
        data-mode={conversation.mode ?? ''}
        data-lines={lines.length}
      >
        {start > 0 && (
          <button
            type="button"
            className="w-full py-1 text-center text-[11px] text-indigo-600 hover:underline dark:text-indigo-400"
            onClick={() => setShownFrom(Math.max(0, start - WINDOW))}
            data-testid="conversation-earlier"
          >
            Show {Math.min(WINDOW, start)} earlier lines
          </button>
        )}
        {lines.length === 0 ? (
          <p className="p-3 text-xs text-zinc-500">
            {live ? 'Waiting for the first words…' : 'Nothing was said in this run.'}
          </p>
        ) : (
          <ol className="space-y-0.5 p-2" aria-label="The agents' conversation">
            {lines.slice(start).map((line, i) => (
              <ConversationLineView
                key={line.id}
                line={line}
                names={names}
                selected={start + i === selectedIndex}
                onSelect={select}
              />
            ))}
          </ol>
        )}
      </div>
    </Panel>
  );
}
