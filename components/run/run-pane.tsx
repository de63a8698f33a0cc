'use client';

import { useDeferredValue, type ReactNode } from 'react';
import type { RunListItem } from '@/lib/store/run-list';
import type { ConversationState } from '@/lib/trace/projections/conversation';
import type { Names } from '@/lib/trace/projections/conversation-words';
import { own } from '@/lib/trace/projections/fold';
import { AgentGraph } from '../graph/agent-graph';
import { ConversationPanel } from './conversation/conversation-panel';
import { Timeline } from '../trace/timeline';
import { Panel } from '../ui/panel';
import { LiveThinking } from './live-thinking';
import { OrderState } from './order-state';
import { RecordedOrder } from './recorded-order';
import { RunHeader } from './run-header';
import type { RunSelection } from './selection';
import type { RunStream } from './use-run-stream';

/** One run: header, graph, timeline and the order it produced. Two of these stand side by side to compare. */
export function RunPane({
  side,
  info,
  stream,
  now,
  selection,
  onSelect,
  label,
  compact,
  toolbar,
  replaying = false,
  conversation,
  orderNames,
}: {
  side: 'a' | 'b';
  info: RunListItem;
  stream: RunStream;
  now: number | undefined;
  selection: RunSelection | null;
  onSelect: (selection: RunSelection) => void;
  label?: string;
  compact: boolean;
  /** Between the header and the graph: the replay and review controls of a recorded run. */
  toolbar?: ReactNode;
  /** The view is a replay's, before the run's end. */
  replaying?: boolean;
  /** The run as the agents' dialogue, at the same position as the view. */
  conversation: ConversationState;
  /** Names the order API adds to the trace's own (product names). */
  orderNames: Partial<Names>;
}) {
  const { view } = stream;
  const mine = selection?.side === side ? selection : null;
  const running = view.summary.events === 0 ? info.status === 'running' : view.summary.status === 'running';
  const started = own(view.spans.spans, 'run')?.events.find((e) => e.type === 'run.started');
  // A run without an order in the store ran in a sandbox (a re-run or fork): its order is what it recorded at its end.
  const sandboxed = info.orderId === null && started !== undefined;
  const finished = sandboxed ? own(view.spans.spans, 'run')?.events.find((e) => e.type === 'run.finished') : undefined;
  const graphSelection = mine && mine.kind !== 'span' ? { kind: mine.kind, id: mine.id } : null;
  // The waterfall is drawn a render after the graph (as the conversation is): a burst paints the graph first.
  const spans = useDeferredValue(view.spans);

  return (
    <div className="flex min-w-0 flex-col gap-3" data-testid={`run-pane-${side}`} data-run-id={info.id}>
      <Panel bodyClassName="">
        <RunHeader
          info={info}
          view={view}
          stream={stream.status}
          rejected={stream.rejected}
          label={label}
          compact={compact}
          replaying={replaying}
        />
      </Panel>
      {toolbar}
      {/* The conversation beside the graph on a wide screen; under it on a narrow one, or when two runs share the width. */}
      <div className={compact ? 'flex flex-col gap-3' : 'grid gap-3 xl:grid-cols-2'}>
        <Panel title="Agent graph" bodyClassName={compact ? 'relative h-[380px]' : 'relative h-[440px]'}>
          <AgentGraph
            graph={view.graph}
            selection={graphSelection}
            onSelect={(kind, id) => onSelect({ side, kind, id })}
            live={running}
            direction="RIGHT"
          />
          <LiveThinking thinking={stream.thinking} />
        </Panel>
        <ConversationPanel
          conversation={conversation}
          orderNames={orderNames}
          selectedSpanId={mine?.kind === 'span' ? mine.id : null}
          onSelectSpan={(id) => onSelect({ side, kind: 'span', id })}
          live={running && !replaying}
          heightClass={compact ? 'h-[380px]' : 'h-[440px]'}
        />
      </div>
      <Panel title="Timeline" bodyClassName={compact ? 'h-[320px]' : 'h-[360px]'}>
        <Timeline
          spans={spans}
          now={now}
          live={running}
          selectedSpanId={mine?.kind === 'span' ? mine.id : null}
          onSelect={(id) => onSelect({ side, kind: 'span', id })}
          compact={compact}
        />
      </Panel>
      {/* An ingested trace (another agent system's) has no order of ours. */}
      {info.source === 'local' && (
        <Panel title="Order" bodyClassName="">
          {sandboxed ? (
            <RecordedOrder
              order={finished?.type === 'run.finished' ? finished.data.order : undefined}
              ended={!running && view.summary.events > 0}
            />
          ) : (
            <OrderState orderId={info.orderId} ended={!running && view.summary.events > 0} />
          )}
        </Panel>
      )}
    </div>
  );
}
