'use client';

import { useEffect, useState, type FormEvent } from 'react';
import type { FaultPresetSummary } from '../api/faults';
import { errorMessage } from '../api/http';
import { fetchScorecardProgress, fetchScorecards, runScorecard, type ScorecardProgress } from '../api/scorecards';
import { usePolling } from '../hooks/use-polling';
import { Button } from '../ui/button';
import { Field, inputClass } from './field';
import { ProgressEta } from './progress-eta';
import { parseScorecardForm, trialCount, type ScoreInputErrors } from './scorecard-model';
import { ScorecardChart } from './scorecard-chart';
import { ScorecardHistory } from './scorecard-table';

/** The scorecard's real progress, polled while its request runs: trials done, time taken, about how long is left. */
function Pending({ trials, startedAt, progressKey }: { trials: number; startedAt: number; progressKey: string }) {
  const [progress, setProgress] = useState<ScorecardProgress | null>(null);
  const [now, setNow] = useState(startedAt);
  useEffect(() => {
    let live = true;
    const poll = () => {
      setNow(Date.now());
      // Not there yet (the server has not begun) or a blip: the next poll asks again.
      fetchScorecardProgress(progressKey).then(
        (p) => live && setProgress(p),
        () => undefined,
      );
    };
    poll();
    const timer = setInterval(poll, 500);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [progressKey]);
  return (
    <div data-testid="scorecard-pending">
      <ProgressEta
        label="Scorecard"
        unit="order-trials in throw-away stores"
        done={progress?.done ?? 0}
        total={progress?.total ?? trials}
        elapsedMs={progress?.elapsedMs ?? now - startedAt}
        testId="scorecard-eta"
      />
    </div>
  );
}

/**
 * The chaos scorecard (issue 9): N seeded orders under a fault profile, each run k times by the
 * micro-agents and k times by the classic orchestrator; per fault kind, how often each reached
 * the goal, recovered, failed safely or broke an invariant, and pass^k. Kept reports make a table
 * over time; the one opened is in the URL (?scorecard=<id>).
 */
export function ScorecardPanel({
  presets,
  initialReportId,
}: {
  presets: FaultPresetSummary[] | undefined;
  initialReportId: string | null;
}) {
  const reports = usePolling(fetchScorecards, null);
  const [form, setForm] = useState({ orders: '5', seed: '1', k: '2', profile: 'random' });
  const [errors, setErrors] = useState<ScoreInputErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState<{ trials: number; startedAt: number; progressKey: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(initialReportId);

  const select = (id: string | null) => {
    setSelected(id);
    const url = new URL(window.location.href);
    if (id) url.searchParams.set('scorecard', id);
    else url.searchParams.delete('scorecard');
    window.history.replaceState(null, '', url);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseScorecardForm(form);
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    setError(null);
    // getRandomValues, unlike randomUUID, works on a plain-http origin too.
    const progressKey = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) =>
      b.toString(16).padStart(2, '0'),
    ).join('');
    setRunning({ trials: trialCount(parsed.input.orders, parsed.input.k), startedAt: Date.now(), progressKey });
    try {
      const report = await runScorecard({ ...parsed.input, progressKey });
      await reports.refresh();
      select(report.id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setRunning(null);
    }
  };
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const list = reports.data ?? [];
  const n = Number(form.orders) || 0;
  const k = Number(form.k) || 0;

  return (
    <div className="space-y-3 p-3" data-testid="scorecard-panel">
      <p className="text-xs text-zinc-500">
        Seeded orders, each under its own fault schedule (or a preset), run k times by the micro-agents and k times by
        the orchestrator in throw-away stores (the live store is not touched): a measured answer to &ldquo;are agents
        more resilient?&rdquo;, per fault kind.
      </p>
      <form
        onSubmit={submit}
        className="grid grid-cols-2 gap-2 sm:grid-cols-[100px_100px_80px_1fr_auto] sm:items-start"
        data-testid="scorecard-form"
      >
        <Field label="Orders (1–50)" error={errors.orders}>
          <input
            className={inputClass}
            inputMode="numeric"
            value={form.orders}
            onChange={(e) => set('orders')(e.target.value)}
            data-testid="scorecard-orders"
          />
        </Field>
        <Field label="Seed" error={errors.seed}>
          <input
            className={inputClass}
            inputMode="numeric"
            value={form.seed}
            onChange={(e) => set('seed')(e.target.value)}
            data-testid="scorecard-seed"
          />
        </Field>
        <Field label="k (1–5)" error={errors.k}>
          <input
            className={inputClass}
            inputMode="numeric"
            value={form.k}
            onChange={(e) => set('k')(e.target.value)}
            data-testid="scorecard-k"
          />
        </Field>
        <Field label="Fault profile">
          <select
            className={inputClass}
            value={form.profile}
            onChange={(e) => set('profile')(e.target.value)}
            data-testid="scorecard-profile"
          >
            <option value="random">random schedule per order (seeded)</option>
            {(presets ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Button
          type="submit"
          variant="primary"
          disabled={running !== null}
          className="h-7 sm:mt-[18px]"
          data-testid="scorecard-run"
        >
          {running ? 'Running…' : `Score ${n > 0 && k > 0 ? trialCount(n, k) : 'N'} trials`}
        </Button>
        <p role="alert" className="col-span-full text-xs text-red-600 empty:hidden dark:text-red-400">
          {error ?? reports.error}
        </p>
      </form>
      {running && <Pending trials={running.trials} startedAt={running.startedAt} progressKey={running.progressKey} />}
      <div className="-mx-3 overflow-x-auto border-t border-zinc-200 dark:border-zinc-800">
        {reports.data === undefined ? (
          <p className="px-3 py-6 text-center text-xs text-zinc-400">Loading the kept scorecards…</p>
        ) : list.length === 0 ? (
          <p className="px-3 py-6 text-center text-xs text-zinc-500" data-testid="scorecard-empty">
            No scorecard yet. Run one: 5 orders × k=2 is 20 trials, a few seconds to half a minute.
          </p>
        ) : (
          <>
            {/* Leads with a picture: the scorecard opened, else the newest. */}
            <div className="border-b border-zinc-200 px-3 py-3 dark:border-zinc-800">
              <ScorecardChart report={list.find((r) => r.id === selected) ?? list[0]} />
            </div>
            <ScorecardHistory reports={list} selectedId={selected} onSelect={select} />
          </>
        )}
      </div>
    </div>
  );
}
