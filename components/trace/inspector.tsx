'use client';

import { own } from '@/lib/trace/projections/fold';
import type { RunView } from '@/lib/trace/projections/run-view';
import type { Span, SpanState } from '@/lib/trace/projections/spans';
import { Badge, InjectedMark, StatusBadge } from '../ui/badge';
import { formatDuration } from '../ui/format';
import { JsonView } from '../ui/json-view';
import { EventDetails, Row, Section } from './event-details';
import { faultsOf, spansForEdge, spansForNode } from './related-spans';
import { KIND_GLYPH, spanTitle } from './span-label';

export type InspectorSelection = { kind: 'span' | 'node' | 'edge'; id: string };

const OPERATION: Record<Span['kind'], string> = {
  run: 'run',
  invoke_agent: 'invoke_agent',
  chat: 'chat',
  execute_tool: 'execute_tool',
  message: 'message',
  settlement: 'settlement',
};

function spanDuration(span: Span, now: number | undefined): string {
  const end = span.endTs ?? now;
  return end === undefined ? 'running' : `${formatDuration(end - span.startTs)}${span.endTs === null ? ' so far' : ''}`;
}

function SpanList({ spans, onSelect, runStart }: { spans: Span[]; onSelect: (id: string) => void; runStart: number }) {
  if (spans.length === 0) return <p className="text-xs text-zinc-500">None yet.</p>;
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="inspector-spans">
      {spans.map((s) => (
        <li key={s.id}>
          <button
            type="button"
            onClick={() => onSelect(s.id)}
            className="flex w-full items-center gap-1.5 py-1 text-left text-xs hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
            data-testid="inspector-span-link"
            data-span-id={s.id}
          >
            <span className="w-3 text-center text-[10px] text-zinc-400">{KIND_GLYPH[s.kind]}</span>
            <span className={`min-w-0 flex-1 truncate ${s.status === 'error' ? 'text-red-700 dark:text-red-400' : ''}`}>
              {spanTitle(s, s)}
            </span>
            {s.faultCount > 0 && (
              <span className="text-amber-600" title="fault injected">
                ⚡
              </span>
            )}
            {s.error && <span className="font-mono text-[10px] text-red-600 dark:text-red-400">{s.error.code}</span>}
            <span className="w-14 text-right font-mono text-[10px] text-zinc-400">
              +{formatDuration(s.startTs - runStart)}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function SpanDetails({
  span,
  state,
  now,
  onSelect,
}: {
  span: Span;
  state: SpanState;
  now: number | undefined;
  onSelect: (id: string) => void;
}) {
  const faults = faultsOf(span);
  const parent = span.parentId ? own(state.spans, span.parentId) : undefined;
  const children = (own(state.children, span.id) ?? []).map((id) => state.spans[id]);
  const runStart = own(state.spans, 'run')?.startTs ?? span.startTs;
  return (
    <div data-testid="inspector-span" data-span-id={span.id} data-kind={span.kind} data-status={span.status}>
      <header className="space-y-1 px-3 py-2">
        <p className="flex items-center gap-1.5">
          <span className="text-zinc-400" aria-hidden>
            {KIND_GLYPH[span.kind]}
          </span>
          <span className="min-w-0 truncate text-sm font-semibold" data-testid="inspector-title">
            {spanTitle(span, span)}
          </span>
          <span className="ml-auto">
            <StatusBadge status={span.status === 'running' ? 'running' : span.status} />
          </span>
        </p>
        <p className="flex flex-wrap items-center gap-1.5 text-[11px] text-zinc-500">
          <Badge>{OPERATION[span.kind]}</Badge>
          {span.agent && <span>{span.agent}</span>}
          <span className="font-mono">+{formatDuration(span.startTs - runStart)}</span>
          <span className="font-mono">{spanDuration(span, now)}</span>
          <span className="font-mono text-zinc-400">{span.id}</span>
        </p>
      </header>
      {faults.length > 0 && (
        <Section title="Injected fault" testId="inspector-fault">
          {faults.map((f, i) => (
            <div
              key={`${f.ruleId}-${i}`}
              className="mb-1 rounded border border-amber-300 bg-amber-50 p-2 text-xs dark:border-amber-700 dark:bg-amber-950/40"
            >
              <p className="flex items-center gap-1.5">
                <InjectedMark title={`rule ${f.ruleId}`} />
                <span className="font-medium" data-testid="inspector-fault-rule">
                  {f.ruleName || f.ruleId}
                </span>
              </p>
              <dl className="mt-1">
                <Row label="kind">{f.kind}</Row>
                <Row label="where">
                  <span className="font-mono">
                    {f.service}.{f.operation}
                  </span>
                </Row>
                <Row label="effect">
                  <span className="font-mono">{f.effect}</span>
                </Row>
              </dl>
            </div>
          ))}
        </Section>
      )}
      {span.error && !span.events.some((e) => e.type === 'tool.result') && (
        <Section title="Error">
          <p className="font-mono text-xs text-red-700 dark:text-red-300">{span.error.code}</p>
          <p className="text-xs">{span.error.message}</p>
        </Section>
      )}
      {span.events.map((e) => (
        <EventDetails key={e.seq} event={e} />
      ))}
      {parent && (
        <Section title="Within">
          <SpanList spans={[parent]} onSelect={onSelect} runStart={runStart} />
        </Section>
      )}
      {children.length > 0 && (
        <Section title={`Inside (${children.length})`}>
          <SpanList spans={children} onSelect={onSelect} runStart={runStart} />
        </Section>
      )}
      <Section title="Attributes">
        <JsonView value={span.attributes} maxHeight="max-h-32" />
      </Section>
      <details className="border-t border-zinc-200 px-3 py-2 text-xs dark:border-zinc-800">
        <summary className="cursor-pointer text-zinc-500">Raw events ({span.events.length})</summary>
        <JsonView value={span.events} maxHeight="max-h-96" />
      </details>
    </div>
  );
}

export function Inspector({
  selection,
  view,
  now,
  onSelect,
}: {
  selection: InspectorSelection | null;
  view: RunView;
  now: number | undefined;
  onSelect: (selection: InspectorSelection) => void;
}) {
  const selectSpan = (id: string) => onSelect({ kind: 'span', id });
  const runStart = own(view.spans.spans, 'run')?.startTs ?? 0;

  if (!selection) {
    return (
      <p className="p-4 text-xs leading-relaxed text-zinc-500" data-testid="inspector-empty">
        Click a node, an edge or a span to see its inputs, outputs, errors, reasoning, tokens and latency. In the
        timeline, <kbd className="font-mono">↑</kbd>/<kbd className="font-mono">↓</kbd> (or j/k) move the selection;{' '}
        <kbd className="font-mono">Esc</kbd> clears it.
      </p>
    );
  }
  if (selection.kind === 'span') {
    // Ids come from the URL: look them up as own keys only.
    const span = own(view.spans.spans, selection.id);
    if (!span) return <p className="p-4 text-xs text-zinc-500">Span {selection.id} is not in this run (yet).</p>;
    return <SpanDetails span={span} state={view.spans} now={now} onSelect={selectSpan} />;
  }
  if (selection.kind === 'node') {
    const node = own(view.graph.nodes, selection.id);
    if (!node) return <p className="p-4 text-xs text-zinc-500">{selection.id} has not appeared in this run (yet).</p>;
    return (
      <div data-testid="inspector-node" data-node-id={node.id}>
        <header className="flex items-center gap-2 px-3 py-2">
          <span className="text-sm font-semibold">{node.name}</span>
          <Badge>{node.kind}</Badge>
          <span className="ml-auto">
            <StatusBadge status={node.status} />
          </span>
        </header>
        <Section title="Activity">
          <dl>
            <Row
              label={
                node.kind === 'agent'
                  ? node.calls === 0
                    ? 'invocations (calls services directly)'
                    : 'invocations'
                  : 'calls'
              }
            >
              {node.calls}
            </Row>
            {node.kind === 'agent' && <Row label="invocations failed">{node.errors}</Row>}
            <Row label={node.kind === 'agent' ? 'service calls failed' : 'calls failed'}>
              <span
                className={node.failedCalls ? 'text-red-600 dark:text-red-400' : ''}
                data-testid="inspector-node-failed"
              >
                {node.failedCalls}
              </span>
            </Row>
            <Row label="recovered">
              <span data-testid="inspector-node-recovered">{node.recovered}</span>
            </Row>
            <Row label="faults">
              {node.faults > 0 ? (
                <span className="inline-flex items-center gap-1">
                  {node.faults} <InjectedMark />
                </span>
              ) : (
                0
              )}
            </Row>
            <Row label="blocked">{node.blocked}</Row>
            {node.runFailed && <Row label="run">failed (this is where it started)</Row>}
          </dl>
        </Section>
        <Section title="Spans">
          <SpanList spans={spansForNode(view.spans, node.id)} onSelect={selectSpan} runStart={runStart} />
        </Section>
      </div>
    );
  }
  const edge = own(view.graph.edges, selection.id);
  if (!edge) return <p className="p-4 text-xs text-zinc-500">{selection.id} has not appeared in this run (yet).</p>;
  const name = (id: string) => own(view.graph.nodes, id)?.name ?? id;
  return (
    <div data-testid="inspector-edge" data-edge-id={edge.id}>
      <header className="px-3 py-2">
        <p className="text-sm font-semibold">
          {name(edge.source)} → {name(edge.target)}
        </p>
        <p className="text-[11px] text-zinc-500">
          {edge.kind === 'message' ? 'messages between agents' : 'tool calls into a service'}
        </p>
      </header>
      <Section title="Calls">
        <dl>
          <Row label={edge.kind === 'message' ? 'requests' : 'calls'}>{edge.count}</Row>
          {edge.kind === 'message' && <Row label="replies">{edge.replyCount}</Row>}
          <Row label="ok">{edge.okCount}</Row>
          <Row label="failed">
            <span className={edge.errorCount ? 'text-red-600 dark:text-red-400' : ''}>{edge.errorCount}</span>
          </Row>
          <Row label="recovered">{edge.recoveredCount}</Row>
          <Row label="blocked">{edge.blockedCount}</Row>
          <Row label="faults">
            {edge.faultCount > 0 ? (
              <span className="inline-flex items-center gap-1">
                {edge.faultCount} <InjectedMark />
              </span>
            ) : (
              0
            )}
          </Row>
          <Row label="open">{edge.open}</Row>
        </dl>
      </Section>
      <Section title="Calls on this edge">
        <SpanList spans={spansForEdge(view.spans, edge.id)} onSelect={selectSpan} runStart={runStart} />
      </Section>
    </div>
  );
}
