import Link from 'next/link';
import type { RunListItem } from '@/lib/store/run-list';
import { own } from '@/lib/trace/projections/fold';
import type { RunView } from '@/lib/trace/projections/run-view';
import { Badge, StatusBadge } from '../ui/badge';
import { formatDuration, formatUsd, shortId } from '../ui/format';
import { ModelMix } from './model-mix';
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

/** `width`: room for the value as it grows (in ch, monospace), so a counter gaining a digit does not push the next one along. */
function Stat({ label, value, tone = '', width = 3 }: { label: string; value: string | number; tone?: string; width?: number }) {
  return (
    <span className="flex items-baseline gap-1">
      <span className={`font-mono tabular-nums ${tone}`} style={{ minWidth: `${width}ch` }}>{value}</span>
      <span className="text-zinc-500">{label}</span>
    </span>
  );
}

/** The run's identity and running totals; one fixed-height block, so nothing below moves. */
export function RunHeader({ info, view, stream, rejected, label, compact = false, replaying = false }: { info: RunListItem; view: RunView; stream: StreamStatus; rejected: number; label?: string; compact?: boolean; replaying?: boolean }) {
  const s = view.summary;
  const started = own(view.spans.spans, 'run')?.events.find((e) => e.type === 'run.started');
  const goal = started?.type === 'run.started' ? started.data.goal : '';
  const status = s.events > 0 ? s.status : info.status;
  return (
    <header className="h-[112px] space-y-1 overflow-hidden px-3 py-2" data-testid="run-header" data-run-id={info.id} data-status={status}>
      <div className="flex items-center gap-2">
        {label && <Badge tone="accent">{label}</Badge>}
        <h1 className="truncate text-sm font-semibold">
          {info.mode === 'orchestrator' ? 'Orchestrator' : 'Micro-agents'} checkout for {info.customerName ?? info.customerId ?? 'unknown customer'}
        </h1>
        <StatusBadge status={status} testId="run-status" />
        {replaying && <Badge tone="accent" title="The state at the replay position, not the end" testId="run-replaying">replay</Badge>}
        {/* A fixed box, text from its left edge: "loading…" becoming "recorded" moves nothing. */}
        <span className="ml-auto flex w-24 shrink-0 items-center gap-1 text-[11px] text-zinc-500" data-testid="stream-status" data-stream={stream}>
          <span className={`size-1.5 rounded-full ${stream === 'live' ? 'animate-pulse bg-emerald-500' : stream === 'ended' ? 'bg-zinc-400' : 'bg-amber-500'}`} aria-hidden />
          {STREAM_LABEL[stream]}
        </span>
      </div>
      {/* A fixed line height: the goal arrives with the first event, and must not push the rows below down. */}
      <p className="h-4 truncate text-xs leading-4 text-zinc-600 dark:text-zinc-400" title={goal}>{goal}</p>
      <p className="flex h-4 flex-wrap items-center gap-x-3 overflow-hidden text-[11px] leading-4">
        <Stat label="events" value={s.events} width={5} />
        <Stat label="steps" value={s.modelSteps} width={4} />
        <Stat label="tool calls" value={s.toolCalls} />
        <Stat label="errors" value={s.errors} tone={s.errors ? 'text-red-600 dark:text-red-400' : ''} />
        <Stat label="injected" value={s.faults} tone={s.faults ? 'text-amber-600 dark:text-amber-400' : ''} />
        {s.blocked > 0 && <Stat label="blocked" value={s.blocked} tone="text-purple-600 dark:text-purple-400" />}
        {!compact && <Stat label="tokens" value={`${s.inputTokens}/${s.outputTokens}`} width={13} />}
        {!compact && <Stat label="cost" value={formatUsd(s.costUsd)} width={7} />}
        <Stat label="" value={formatDuration(s.durationMs)} width={6} />
      </p>
      <p className="flex items-center gap-2 truncate font-mono text-[11px] text-zinc-400">
        <ModelMix model={info.model} started={started?.type === 'run.started' ? started : undefined} />
        {info.orderId && <span title={`order ${info.orderId}`}>order {shortId(info.orderId)}</span>}
        <Link href={`/runs/${encodeURIComponent(info.id)}`} title={info.id} className="hover:text-indigo-600">run {shortId(info.id)}</Link>
        {rejected > 0 && <span className="text-red-500" title="events that did not match the trace contract">{rejected} bad events</span>}
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
