import Link from 'next/link';
import type { RunListItem } from '@/lib/store/run-list';
import { own } from '@/lib/trace/projections/fold';
import type { RunView } from '@/lib/trace/projections/run-view';
import { Badge, StatusBadge } from '../ui/badge';
import { formatDuration, formatUsd, shortId } from '../ui/format';
import { ModelMix } from './model-mix';
import { RunPace } from './run-pace';
import type { StreamStatus } from './use-run-stream';

const STREAM_LABEL: Record<StreamStatus, string> = {
  connecting: 'connecting…',
  loading: 'loading…',
  live: 'live',
  reconnecting: 'reconnecting…',
  ended: 'recorded',
  polling: 'polling',
  unavailable: 'stream lost',
};

const count = (n: number) => n.toLocaleString('en-US');

/**
 * A figure and its label, kept together (value, then what it counts). The figure's box has a fixed
 * width (`width` in ch of the monospace digits), so a counter gaining a digit pushes neither its label
 * nor the next figure while the run streams; `·` between them.
 */
function Stat({
  label,
  value,
  tone = '',
  width = 8,
  testId,
}: {
  label: string;
  value: string | number;
  tone?: string;
  width?: number;
  testId?: string;
}) {
  // The figure sits in a box of its own (monospace digits, from its left edge), so its label never moves as it grows.
  return (
    <span className="inline-flex shrink-0 items-baseline gap-1 whitespace-nowrap" data-testid={testId}>
      <span className={`inline-block font-mono tabular-nums ${tone}`} style={{ width: `${width}ch` }}>
        {typeof value === 'number' ? count(value) : value}
      </span>
      {label && <span className="text-zinc-500">{label}</span>}
    </span>
  );
}

const Dot = () => (
  <span className="text-zinc-300 dark:text-zinc-600" aria-hidden>
    ·
  </span>
);

/** The run's identity and running totals; one fixed-height block, so nothing below moves. */
export function RunHeader({
  info,
  view,
  stream,
  rejected,
  label,
  compact = false,
  replaying = false,
}: {
  info: RunListItem;
  view: RunView;
  stream: StreamStatus;
  rejected: number;
  label?: string;
  compact?: boolean;
  replaying?: boolean;
}) {
  const s = view.summary;
  const started = own(view.spans.spans, 'run')?.events.find((e) => e.type === 'run.started');
  const goal = started?.type === 'run.started' ? started.data.goal : '';
  const startedPace = started?.type === 'run.started' ? started.data.pace : undefined;
  const status = s.events > 0 ? s.status : info.status;
  // The services' failed calls later made good, as the graph's service nodes count them (the errors figure is their failed calls).
  const recovered = Object.values(view.graph.nodes).reduce(
    (n, node) => n + (node.kind === 'service' ? node.recovered : 0),
    0,
  );
  return (
    <header
      className="h-[112px] space-y-1 overflow-hidden px-3 py-2"
      data-testid="run-header"
      data-run-id={info.id}
      data-status={status}
    >
      {/* A fixed height: the pace control arriving with the first event must not push the rows below down. */}
      <div className="flex h-6 items-center gap-2">
        {label && <Badge tone="accent">{label}</Badge>}
        <h1 className="min-w-0 truncate text-sm font-semibold">
          {info.source === 'otlp'
            ? 'Trace from another agent system (OTLP)'
            : `${info.mode === 'orchestrator' ? 'Orchestrator' : 'Micro-agents'} checkout for ${info.customerName ?? info.customerId ?? 'unknown customer'}`}
        </h1>
        <StatusBadge status={status} testId="run-status" />
        {replaying && (
          <Badge tone="accent" title="The state at the replay position, not the end" testId="run-replaying">
            replay
          </Badge>
        )}
        <span className="ml-auto" />
        {s.events > 0 && (
          <RunPace runId={info.id} startedPace={startedPace} running={status === 'running' && !replaying} />
        )}
        {/* A fixed box, text from its left edge: "loading…" becoming "recorded" moves nothing. */}
        <span
          className="flex w-24 shrink-0 items-center gap-1 text-[11px] text-zinc-500"
          data-testid="stream-status"
          data-stream={stream}
        >
          <span
            className={`size-1.5 rounded-full ${stream === 'live' ? 'animate-pulse bg-emerald-500' : stream === 'ended' ? 'bg-zinc-400' : 'bg-amber-500'}`}
            aria-hidden
          />
          {STREAM_LABEL[stream]}
        </span>
      </div>
      {/* A fixed line height: the goal arrives with the first event, and must not push the rows below down. */}
      <p className="h-4 truncate text-xs leading-4 text-zinc-600 dark:text-zinc-400" title={goal}>
        {goal}
      </p>
      <p
        className="flex h-4 flex-wrap items-center gap-x-1.5 overflow-hidden text-[11px] leading-4"
        data-testid="run-stats"
      >
        <Stat label="events" value={s.events} width={6} />
        <Dot />
        <Stat label="steps" value={s.modelSteps} width={5} />
        <Dot />
        <Stat label="tool calls" value={s.toolCalls} width={5} />
        <Dot />
        <Stat
          label="errors"
          value={s.errors}
          tone={s.errors ? 'text-red-600 dark:text-red-400' : ''}
          width={4}
          testId="run-errors"
        />
        {/* Always there, so its arriving mid-run moves nothing. */}
        <Stat
          label="recovered"
          value={recovered}
          tone={recovered ? 'text-amber-600 dark:text-amber-400' : ''}
          width={4}
          testId="run-recovered"
        />
        <Dot />
        <Stat label="injected" value={s.faults} tone={s.faults ? 'text-amber-600 dark:text-amber-400' : ''} width={4} />
        {s.blocked > 0 && (
          <>
            <Dot />
            <Stat label="blocked" value={s.blocked} tone="text-purple-600 dark:text-purple-400" width={4} />
          </>
        )}
        {!compact && (
          <>
            <Dot />
            <Stat
              label="tokens"
              value={`${count(s.inputTokens)} in / ${count(s.outputTokens)} out`}
              width={24}
              testId="run-tokens"
            />
            <Dot />
            <Stat label="" value={formatUsd(s.costUsd)} width={8} testId="run-cost" />
          </>
        )}
        <Dot />
        <Stat label="" value={formatDuration(s.durationMs)} width={8} testId="run-duration" />
      </p>
      <p className="flex items-center gap-2 truncate font-mono text-[11px] text-zinc-400">
        <ModelMix model={info.model} started={started?.type === 'run.started' ? started : undefined} />
        {info.orderId && <span title={`order ${info.orderId}`}>order {shortId(info.orderId)}</span>}
        <Link href={`/runs/${encodeURIComponent(info.id)}`} title={info.id} className="hover:text-indigo-600">
          run {shortId(info.id)}
        </Link>
        {rejected > 0 && (
          <span className="text-red-500" title="events that did not match the trace contract">
            {rejected} bad events
          </span>
        )}
      </p>
      <p className="h-4 truncate text-xs" data-testid="run-outcome" title={s.outcome}>
        {s.outcome && status !== 'running' && (
          <>
            <span className="text-zinc-500">Outcome:</span> {s.outcome}
          </>
        )}
      </p>
    </header>
  );
}
