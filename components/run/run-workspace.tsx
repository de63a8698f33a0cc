'use client';

import Link from 'next/link';
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { RunListItem } from '@/lib/store/run-list';
import { spanIdOf } from '../replay/event-label';
import { compareHref } from '../api/replay';
import type { RunLineage } from '../replay/lineage';
import { ReplayBar } from '../replay/replay-bar';
import { ReviewActions } from '../replay/review-actions';
import type { RuleChoices } from '../chaos/fault-choices';
import { withAt } from '../replay/replay-url';
import { useReplay } from '../replay/use-replay';
import { Inspector } from '../trace/inspector';
import { Button } from '../ui/button';
import { isControl, isTyping, plainKey } from '../ui/keys';
import { Panel } from '../ui/panel';
import { CheckoutVerdict } from './conversation/checkout-verdict';
import { TwoCheckoutsButton } from './conversation/two-checkouts-button';
import { useConversation } from './conversation/use-conversation';
import { useOrderNames } from './conversation/use-order-names';
import { RunPane } from './run-pane';
import { withSelection, type RunSelection } from './selection';
import { useLiveNow } from './use-live-now';
import { useRunStream, type RunStream } from './use-run-stream';

function useNowFor(stream: RunStream, info: RunListItem | undefined): number | undefined {
  const s = stream.view.summary;
  const running = s.events === 0 ? info?.status === 'running' : s.status === 'running';
  return useLiveNow(s.lastTs, stream.appliedAt, running && stream.status !== 'ended');
}

/**
 * The run page: one run, or two side by side (the same order through the micro-agents and the
 * orchestrator). Each run streams its own events; one inspector shows whatever was clicked, and the
 * selection lives in the URL so any span, node or edge can be linked to. A single recorded run can
 * be replayed: the panes then show the state folded up to the replay position (?at=<seq>), and the
 * inspector follows the current event's span unless the person picks something else; it can be
 * re-run, forked at a step and exported, and links to its parent and its own re-runs and forks.
 */
const noLineage: RunLineage = { parent: null, children: [] };

/** Below the lg breakpoint the inspector of one run is a sheet over the bottom of the screen while something is selected. */
const SHEET =
  'max-lg:fixed max-lg:inset-x-0 max-lg:bottom-0 max-lg:z-30 max-lg:flex max-lg:max-h-[70vh] max-lg:flex-col max-lg:rounded-b-none max-lg:shadow-2xl';

export function RunWorkspace({
  runs,
  initialSelection,
  initialAt = null,
  lineage = noLineage,
  ruleChoices,
}: {
  runs: RunListItem[];
  initialSelection: RunSelection | null;
  initialAt?: number | null;
  lineage?: RunLineage;
  ruleChoices: RuleChoices;
}) {
  const [a, b] = runs;
  const streamA = useRunStream(a.id);
  const streamB = useRunStream(b?.id ?? null);
  const nowA = useNowFor(streamA, a);
  const nowB = useNowFor(streamB, b);
  const [selection, setSelection] = useState<RunSelection | null>(initialSelection);
  const compare = b !== undefined;

  const replayable = !compare && streamA.status === 'ended';
  const replay = useReplay(streamA.log, streamA.view, replayable, compare ? null : initialAt);
  const [followStep, setFollowStep] = useState(initialSelection === null);
  const currentEvent = replay.replaying && replay.position > 0 ? streamA.log.events[replay.position - 1] : undefined;
  const followedSpan = followStep && currentEvent ? spanIdOf(currentEvent) : null;
  const shown = useMemo<RunSelection | null>(
    () => (followedSpan ? { side: 'a', kind: 'span', id: followedSpan } : selection),
    [followedSpan, selection],
  );
  const paneA = useMemo(
    () => (replay.replaying ? { ...streamA, view: replay.view } : streamA),
    [streamA, replay.replaying, replay.view],
  );
  const nowPaneA = replay.replaying ? (replay.view.summary.lastTs ?? undefined) : nowA;
  // The conversation follows the replay position like the graph and the timeline. Deferred: when events
  // arrive by the hundred, the graph and the header are painted first and the conversation (hundreds of
  // lines of words) a render later, in the background, so a burst never holds the graph back.
  const conversationA = useConversation(
    streamA.log.events,
    useDeferredValue(replay.replaying ? replay.position : streamA.log.events.length),
  );
  const conversationB = useConversation(streamB.log.events, useDeferredValue(streamB.log.events.length));
  const orderNamesA = useOrderNames(a.orderId);
  const orderNamesB = useOrderNames(b?.orderId ?? null);
  const verdictNames = useMemo(
    () => ({ products: { ...orderNamesB.products, ...orderNamesA.products } }),
    [orderNamesA, orderNamesB],
  );
  const agentsAndOrchestrator = b !== undefined && a.mode !== b.mode && [a.mode, b.mode].includes('orchestrator');
  // An ingested trace has no order of ours to check out again.
  const twoCheckouts =
    a.source === 'local' ? (
      <TwoCheckoutsButton customerId={conversationA.customerId ?? a.customerId} items={conversationA.items} />
    ) : null;

  const select = useCallback((next: RunSelection | null) => {
    setSelection(next);
    // Picking something by hand stops the inspector from following the replay.
    setFollowStep(false);
  }, []);

  // The URL is a deep link to what is on screen: the selection and the replay position.
  const linkSeq = replay.linkSeq;
  useEffect(() => {
    const search = withAt(withSelection(window.location.search, shown), linkSeq);
    if (search !== window.location.search)
      window.history.replaceState(null, '', `${window.location.pathname}${search}`);
  }, [shown, linkSeq]);

  const { step, togglePlay } = replay;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || !plainKey(e)) return;
      if (e.key === 'Escape') select(null);
      if (!replayable) return;
      if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        e.preventDefault();
        step((e.key === 'ArrowLeft' ? -1 : 1) * (e.shiftKey ? 10 : 1));
      } else if (e.key === ' ' && !isControl(e.target)) {
        e.preventDefault();
        togglePlay();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [select, replayable, step, togglePlay]);

  const selectedRun =
    shown?.side === 'b' && b ? { info: b, stream: streamB, now: nowB } : { info: a, stream: paneA, now: nowPaneA };
  const label = (run: RunListItem) => (run.mode === 'orchestrator' ? 'orchestrator' : 'micro-agents');
  const toolbar = compare ? undefined : (
    <Panel bodyClassName="" testId="review-panel">
      <ReplayBar
        replay={replay}
        log={streamA.log}
        enabled={replayable}
        followStep={followStep}
        onFollowStep={setFollowStep}
      />
      <ReviewActions
        runId={a.id}
        ingested={a.source !== 'local'}
        ended={replayable && streamA.view.summary.status !== 'running'}
        lineage={lineage}
        events={streamA.log.events}
        view={paneA.view}
        selectedSpanId={shown?.side === 'a' && shown.kind === 'span' ? shown.id : null}
        position={replay.position}
        ruleChoices={ruleChoices}
      />
    </Panel>
  );

  return (
    <>
      {b ? (
        <p className="mb-3 flex h-6 items-center gap-2 text-xs text-zinc-500" data-testid="compare-bar">
          Two runs side by side, each live.
          <Link
            href={compareHref(a.id, b.id)}
            className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
            data-testid="compare-link"
          >
            Compare them step by step →
          </Link>
          <span className="ml-auto">{twoCheckouts}</span>
        </p>
      ) : (
        <p className="mb-3 flex h-6 items-center justify-end gap-2 text-xs text-zinc-500" data-testid="run-actions-bar">
          {twoCheckouts}
        </p>
      )}
      {b && agentsAndOrchestrator && (
        <CheckoutVerdict
          agents={a.mode === 'orchestrator' ? conversationB : conversationA}
          orchestrator={a.mode === 'orchestrator' ? conversationA : conversationB}
          names={verdictNames}
        />
      )}
      {/* Two runs take the whole width, half each; their inspector is a drawer over the right edge while something is selected. */}
      <div
        className={`grid grid-cols-[minmax(0,1fr)] items-start gap-3 ${compare ? 'lg:grid-cols-2' : 'lg:grid-cols-[minmax(0,1fr)_420px]'}`}
        data-testid="run-workspace"
      >
        <RunPane
          side="a"
          info={a}
          stream={paneA}
          now={nowPaneA}
          selection={shown}
          onSelect={select}
          label={compare ? `A · ${label(a)}` : undefined}
          compact={compare}
          toolbar={toolbar}
          replaying={replay.replaying}
          conversation={conversationA}
          orderNames={orderNamesA}
        />
        {b && (
          <RunPane
            side="b"
            info={b}
            stream={streamB}
            now={nowB}
            selection={shown}
            onSelect={select}
            label={`B · ${label(b)}`}
            compact
            conversation={conversationB}
            orderNames={orderNamesB}
          />
        )}
        {(!compare || shown) && (
          <Panel
            title={
              shown
                ? `Inspector${compare ? ` · ${shown.side.toUpperCase()} ${label(selectedRun.info)}` : ''}`
                : 'Inspector'
            }
            actions={
              shown && (
                <Button size="sm" variant="ghost" onClick={() => select(null)} aria-label="Close the inspector">
                  Esc
                </Button>
              )
            }
            className={
              compare
                ? 'fixed top-14 right-2 bottom-2 z-30 flex w-[440px] max-w-[calc(100vw-1rem)] flex-col shadow-2xl'
                : shown
                  ? `${SHEET} lg:sticky lg:top-16`
                  : 'max-lg:hidden lg:sticky lg:top-16'
            }
            bodyClassName={
              compare
                ? 'min-h-0 flex-1 overflow-auto'
                : 'max-lg:min-h-0 max-lg:flex-1 overflow-auto lg:max-h-[calc(100vh-8rem)]'
            }
            testId="inspector"
          >
            <Inspector
              selection={shown ? { kind: shown.kind, id: shown.id } : null}
              view={selectedRun.stream.view}
              now={selectedRun.now}
              onSelect={(s) => select({ side: shown?.side ?? 'a', ...s })}
            />
          </Panel>
        )}
      </div>
    </>
  );
}
