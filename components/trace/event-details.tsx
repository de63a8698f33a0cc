import type { ReactNode } from 'react';
import type { TraceEvent } from '@/lib/trace/events';
import { Badge, StatusBadge } from '../ui/badge';
import { JsonView } from '../ui/json-view';
import { formatDuration, formatUsd } from '../ui/format';

export function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[96px_1fr] gap-2 py-0.5 text-xs">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="border-t border-zinc-200 px-3 py-2 dark:border-zinc-800" data-testid={testId}>
      <h3 className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-zinc-500">{title}</h3>
      {children}
    </section>
  );
}

/** Text a model or a person wrote, shown as text (never as HTML), keeping its line breaks. */
export function Prose({ text, testId }: { text: string; testId?: string }) {
  return (
    <p
      data-testid={testId}
      className="whitespace-pre-wrap break-words rounded bg-zinc-50 p-2 text-xs leading-relaxed text-zinc-800 dark:bg-zinc-950 dark:text-zinc-200"
    >
      {text || <span className="italic text-zinc-400">(empty)</span>}
    </p>
  );
}

/** What one event says, laid out for its type. */
export function EventDetails({ event }: { event: TraceEvent }) {
  switch (event.type) {
    case 'run.started':
      return (
        <Section title="Run started">
          <dl>
            <Row label="goal">{event.data.goal}</Row>
            <Row label="order">
              <span className="font-mono">{event.data.orderId}</span>
            </Row>
            <Row label="customer">
              <span className="font-mono">{event.data.customerId}</span>
            </Row>
            <Row label="mode">{event.data.mode}</Row>
            <Row label="model">
              <span className="font-mono">{event.data.model}</span>
            </Row>
            <Row label="seed">
              <span className="font-mono">{event.data.seed}</span>
            </Row>
          </dl>
          <p className="mt-1 text-[11px] text-zinc-500">
            Fault rules in force at the start ({event.data.faultRules.length})
          </p>
          <JsonView value={event.data.faultRules} maxHeight="max-h-40" />
        </Section>
      );
    case 'run.finished':
      return (
        <Section title="Run finished">
          <dl>
            <Row label="status">
              <StatusBadge status={event.data.status} />
            </Row>
            <Row label="outcome">{event.data.outcome}</Row>
            <Row label="duration">{formatDuration(event.data.durationMs)}</Row>
          </dl>
          {event.data.order !== undefined && <JsonView value={event.data.order} maxHeight="max-h-48" />}
        </Section>
      );
    case 'run.interrupted':
      return (
        <Section title="Run interrupted">
          <Prose text={event.data.reason} />
        </Section>
      );
    case 'run.resumed':
      return (
        <Section title="Run resumed">
          <Prose
            text={`${event.data.reason} Resume ${event.data.attempt}: ${event.data.replayedEvents} recorded events replayed, ${event.data.inFlightCalls} service call(s) in flight made again.`}
          />
        </Section>
      );
    case 'faults.changed':
      return (
        <Section title="Fault rules changed mid-run">
          <JsonView value={event.data.rules} maxHeight="max-h-40" />
        </Section>
      );
    case 'agent.started':
      return (
        <Section title="Goal">
          <Prose text={event.data.goal} />
          {event.data.task !== undefined && <JsonView value={event.data.task} maxHeight="max-h-40" />}
        </Section>
      );
    case 'agent.finished':
      return (
        <Section title="Answer">
          <dl>
            <Row label="status">
              <StatusBadge status={event.data.status} />
            </Row>
            <Row label="steps">{event.data.steps}</Row>
            <Row label="duration">{formatDuration(event.data.durationMs)}</Row>
          </dl>
          <Prose text={event.data.answer} />
          {event.data.result !== undefined && <JsonView value={event.data.result} maxHeight="max-h-40" />}
        </Section>
      );
    case 'model.step':
      return (
        <>
          <Section title="Reasoning" testId="inspector-reasoning">
            <Prose text={event.data.reasoning} />
            {event.data.text && (
              <>
                <p className="mt-1 text-[11px] text-zinc-500">Text</p>
                <Prose text={event.data.text} />
              </>
            )}
          </Section>
          <Section title="Model step">
            <dl>
              <Row label="model">
                <span className="font-mono">{event.data.model}</span>
              </Row>
              <Row label="tokens">
                <span className="font-mono" data-testid="inspector-tokens">
                  {event.data.usage.inputTokens} in · {event.data.usage.outputTokens} out
                </span>
              </Row>
              <Row label="cost">
                <span className="font-mono">{formatUsd(event.data.costUsd)}</span>
              </Row>
              <Row label="latency">
                <span className="font-mono">{formatDuration(event.data.latencyMs)}</span>
              </Row>
              <Row label="finish">{event.data.finishReason}</Row>
              {event.data.warnings && event.data.warnings.length > 0 && (
                <Row label="provider said">
                  <ul data-testid="inspector-model-warnings">
                    {event.data.warnings.map((warning) => (
                      <li key={warning}>{warning}</li>
                    ))}
                  </ul>
                </Row>
              )}
            </dl>
          </Section>
          {event.data.toolCalls.length > 0 && (
            <Section
              title={`Chose ${event.data.toolCalls.length} tool call${event.data.toolCalls.length > 1 ? 's' : ''}`}
            >
              {event.data.toolCalls.map((c) => (
                <div key={c.toolCallId} className="mb-1">
                  <p className="font-mono text-xs">{c.toolName}</p>
                  <JsonView value={c.input} maxHeight="max-h-32" />
                </div>
              ))}
            </Section>
          )}
        </>
      );
    case 'tool.call':
      return (
        <Section title="Input" testId="inspector-input">
          <dl>
            <Row label="tool">
              <span className="font-mono">{event.data.toolName}</span>
            </Row>
            {event.data.service && (
              <Row label="service">
                <span className="font-mono">
                  {event.data.service}.{event.data.operation}
                </span>
              </Row>
            )}
            {event.data.target && <Row label="asks">{event.data.target}</Row>}
            <Row label="call id">
              <span className="font-mono text-[11px]">{event.data.toolCallId}</span>
            </Row>
          </dl>
          <JsonView value={event.data.input} />
        </Section>
      );
    case 'tool.result':
      return (
        <Section title={event.data.status === 'error' ? 'Error' : 'Output'} testId="inspector-output">
          <dl>
            <Row label="status">
              <StatusBadge status={event.data.status} />
            </Row>
            <Row label="latency">
              <span className="font-mono">{formatDuration(event.data.latencyMs)}</span>
            </Row>
          </dl>
          {event.data.error && (
            <div
              className="my-1 rounded border border-red-300 bg-red-50 p-2 text-xs dark:border-red-900 dark:bg-red-950/50"
              data-testid="inspector-error"
            >
              <p className="font-mono font-medium text-red-700 dark:text-red-300">{event.data.error.code}</p>
              <p className="text-red-800 dark:text-red-200">{event.data.error.message}</p>
              <p className="mt-1 flex gap-1">
                <Badge tone={event.data.error.retryable ? 'warn' : 'neutral'}>
                  {event.data.error.retryable ? 'retryable' : 'not retryable'}
                </Badge>
                {event.data.error.retryAfterMs !== undefined && (
                  <Badge>retry after {formatDuration(event.data.error.retryAfterMs)}</Badge>
                )}
              </p>
            </div>
          )}
          {event.data.output !== undefined && <JsonView value={event.data.output} />}
        </Section>
      );
    case 'message.sent':
      return (
        <Section
          title={`${event.data.direction === 'request' ? 'Request' : 'Reply'}: ${event.data.from} → ${event.data.to}`}
        >
          <Prose text={event.data.text} />
          {event.data.data !== undefined && <JsonView value={event.data.data} maxHeight="max-h-40" />}
        </Section>
      );
    case 'fault.injected':
      // Shown by the span's fault block.
      return null;
    case 'guard.blocked':
      return (
        <Section title="Blocked by the guard" testId="guard-blocked">
          <dl>
            <Row label="who">{event.data.agent}</Row>
            <Row label="tried">
              <span className="font-mono">{event.data.toolName}</span>
              {event.data.service ? ` (${event.data.service})` : ''}
            </Row>
            <Row label="why">
              <Badge tone="accent">{event.data.reason}</Badge>{' '}
              <span className="font-mono text-zinc-500">{event.data.code}</span>
            </Row>
          </dl>
          <Prose text={event.data.message} />
          <JsonView value={event.data.input} maxHeight="max-h-40" />
        </Section>
      );
    case 'settlement.started':
      return (
        <Section title="Settlement: why the harness steps in" testId="inspector-settlement-plan">
          <Prose text={event.data.reason} />
          <dl className="mt-1">
            <Row label="order">
              <span className="font-mono">{event.data.orderId}</span>
            </Row>
            <Row label="when">
              {event.data.trigger === 'recovery' ? 'at start-up, after a server stop' : 'after the run'}
            </Row>
            <Row label="held">{holdingsText(event.data.holdings)}</Row>
          </dl>
          <ul className="mt-1 list-disc pl-4 text-xs">
            {event.data.plan.map((step) => (
              <li key={`${step.action}:${step.target}`}>
                <span className="font-mono">
                  {step.service}.{step.operation} {step.target}
                </span>
                : {step.why}
              </li>
            ))}
          </ul>
        </Section>
      );
    case 'settlement.finished':
      return (
        <Section
          title={event.data.status === 'settled' ? 'Settled: what the harness gave back' : 'Settlement needs review'}
          testId="inspector-settlement-result"
        >
          <dl>
            <Row label="status">
              <StatusBadge status={event.data.status === 'settled' ? 'ok' : 'error'} />
            </Row>
            <Row label="undone">{event.data.undone.join('; ') || 'nothing'}</Row>
            {event.data.failed.length > 0 && (
              <Row label="failed">
                <span className="text-red-700 dark:text-red-300">{event.data.failed.join('; ')}</span>
              </Row>
            )}
            <Row label="still held">{holdingsText(event.data.holdings)}</Row>
          </dl>
        </Section>
      );
  }
}

function holdingsText(h: {
  heldReservations: number;
  openAuthorizations: number;
  unrefundedCents: number;
  activeLabels: number;
}): string {
  const parts = [
    h.heldReservations > 0 ? `${h.heldReservations} reservation(s)` : '',
    h.openAuthorizations > 0 ? `${h.openAuthorizations} open authorization(s)` : '',
    h.unrefundedCents > 0 ? `${h.unrefundedCents} cents captured` : '',
    h.activeLabels > 0 ? `${h.activeLabels} label(s)` : '',
  ].filter(Boolean);
  return parts.join(', ') || 'nothing';
}
