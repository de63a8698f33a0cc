'use client';

import { useState } from 'react';
import type { TraceEvent } from '@/lib/trace/events';
import type { RunView } from '@/lib/trace/projections/run-view';
import { errorMessage } from '../api/http';
import { exportHref, forkRun, rerunRun, type ForkInput, type ReplayResult } from '../api/replay';
import type { RuleChoices } from '../chaos/fault-choices';
import { Button } from '../ui/button';
import { defaultForkSeq } from './fork-steps';
import { ForkPanel } from './fork-panel';
import { Lineage, type LineageLink, type RunLineage } from './lineage';
import { ReplayOutcome } from './replay-outcome';

const linkClass =
  'inline-flex h-6 items-center rounded-md border border-zinc-300 px-2 text-xs font-medium text-zinc-800 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800';

/**
 * A recorded run's review actions: re-run it (a sandbox from its snapshots; says whether the new
 * trace is identical), fork it at a step, download it (JSON event log, OTLP/JSON traces), and its
 * lineage (parent, re-runs and forks). Re-run and fork wait for the new run to finish (a few seconds).
 * A run ingested from another agent system (OTLP) has nothing here to run again: it says so instead.
 */
export function ReviewActions({
  runId,
  ingested,
  ended,
  lineage,
  events,
  view,
  selectedSpanId,
  position,
  ruleChoices,
}: {
  runId: string;
  ingested: boolean;
  ended: boolean;
  lineage: RunLineage;
  events: readonly TraceEvent[];
  view: RunView;
  selectedSpanId: string | null;
  position: number;
  ruleChoices: RuleChoices;
}) {
  const [busy, setBusy] = useState<'rerun' | 'fork' | null>(null);
  const [results, setResults] = useState<ReplayResult[]>([]);
  const [made, setMade] = useState<LineageLink[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [forkAt, setForkAt] = useState<number | null | undefined>(undefined);

  const act = async (kind: 'rerun' | 'fork', call: () => Promise<ReplayResult>, atSeq: number | null = null) => {
    setBusy(kind);
    setError(null);
    try {
      const result = await call();
      setResults((r) => [result, ...r]);
      setMade((m) => [
        { id: result.runId, forkedAtSeq: atSeq, status: result.status, startedAt: new Date().toISOString() },
        ...m,
      ]);
      if (kind === 'fork') setForkAt(undefined);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const children = [...made.filter((m) => !lineage.children.some((c) => c.id === m.id)), ...lineage.children];
  const forkOpen = forkAt !== undefined;

  return (
    <div data-testid="review-actions">
      <div className="flex min-h-10 flex-wrap items-center gap-x-2 gap-y-1 border-t border-zinc-200 px-3 py-1 dark:border-zinc-800">
        {ingested ? (
          <span
            className="text-xs text-zinc-500"
            data-testid="ingested-note"
            title="Another agent system's trace, received at POST /v1/traces: it has no order or snapshots here to run again or fork"
          >
            Ingested over OTLP: no re-run or fork
          </span>
        ) : (
          <>
            <Button
              size="sm"
              variant="secondary"
              disabled={!ended || busy !== null}
              onClick={() => void act('rerun', () => rerunRun(runId))}
              title="Run the same order again from the run's starting snapshot, in a sandbox"
              data-testid="rerun"
            >
              {busy === 'rerun' ? 'Re-running…' : '↻ Re-run'}
            </Button>
            <Button
              size="sm"
              variant={forkOpen ? 'primary' : 'secondary'}
              disabled={!ended || busy !== null}
              onClick={() => setForkAt(forkOpen ? undefined : defaultForkSeq(view, selectedSpanId, events, position))}
              title="Continue from a step with other fault rules, or with a reply or tool result edited"
              data-testid="fork-open"
              aria-expanded={forkOpen}
            >
              Fork…
            </Button>
          </>
        )}
        <span className="mx-1 h-4 w-px bg-zinc-200 dark:bg-zinc-700" aria-hidden />
        <span className="text-[11px] text-zinc-500">Export</span>
        <a
          href={exportHref(runId, 'json')}
          download
          className={linkClass}
          data-testid="export-json"
          title="The event log as JSON"
        >
          JSON
        </a>
        <a
          href={exportHref(runId, 'otlp')}
          download
          className={linkClass}
          data-testid="export-otlp"
          title="OTLP/JSON traces (GenAI conventions), for Jaeger or a collector"
        >
          OTLP
        </a>
        <a
          href={exportHref(runId, 'otlp-proto')}
          download
          className={linkClass}
          data-testid="export-otlp-proto"
          title="The same traces as OTLP/protobuf, for Phoenix or any collector's /v1/traces"
        >
          OTLP·pb
        </a>
        <span className="ml-auto" />
        <Lineage runId={runId} lineage={{ parent: lineage.parent, children }} />
      </div>
      {(error || results.length > 0 || busy) && (
        <div
          className="flex min-h-8 items-center gap-2 border-t border-zinc-200 px-3 py-1 dark:border-zinc-800"
          aria-live="polite"
        >
          {busy ? (
            <span className="flex items-center gap-2 text-xs text-zinc-500" data-testid="replay-pending">
              <span className="size-2 animate-pulse rounded-full bg-indigo-500" aria-hidden />
              {busy === 'rerun' ? 'Re-running in a sandbox…' : 'Forking in a sandbox…'}
            </span>
          ) : error ? (
            <p role="alert" className="text-xs text-red-600 dark:text-red-400">
              {error}
            </p>
          ) : (
            <ReplayOutcome result={results[0]} />
          )}
        </div>
      )}
      {forkOpen && (
        <ForkPanel
          key={forkAt ?? 'none'}
          events={events}
          initialSeq={forkAt}
          busy={busy === 'fork'}
          ruleChoices={ruleChoices}
          onFork={(input: ForkInput) => void act('fork', () => forkRun(runId, input), input.atSeq)}
          onCancel={() => setForkAt(undefined)}
        />
      )}
    </div>
  );
}
