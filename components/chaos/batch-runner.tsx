'use client';

import Link from 'next/link';
import { useMemo, useState, type FormEvent } from 'react';
import { fetchBatch, startBatch, type BatchStatus } from '../api/chaos';
import type { FaultPresetSummary } from '../api/faults';
import { errorMessage } from '../api/http';
import type { CheckoutMode } from '../api/orders';
import { usePolling } from '../hooks/use-polling';
import { Button } from '../ui/button';
import { StatusBadge } from '../ui/badge';
import { shortId } from '../ui/format';
import { modeScores, outcomeTable } from './batch-outcomes';
import { Field, inputClass } from './field';
import { ProgressEta } from './progress-eta';

const isFinished = (batch: BatchStatus) => batch.total > 0 && batch.finished >= batch.total;

function BatchProgress({ batchId }: { batchId: string }) {
  const { data, error } = usePolling(() => fetchBatch(batchId), 1000, isFinished);
  const done = data !== undefined && isFinished(data);
  const outcomes = useMemo(() => outcomeTable(data?.runs ?? []), [data]);
  const scores = useMemo(() => modeScores(data?.runs ?? []), [data]);

  return (
    <div className="space-y-2" data-testid="batch-progress" data-done={done}>
      <div className="flex items-baseline gap-2 text-xs">
        <span className="font-mono text-zinc-500">batch {shortId(batchId, 10)}</span>
        <span className="ml-auto font-mono tabular-nums" data-testid="batch-counts">
          {data
            ? `${data.finished}/${data.total} finished · ${data.succeeded} succeeded · ${data.failed} failed`
            : 'starting…'}
        </span>
      </div>
      {data && (
        <ProgressEta
          label="Chaos batch"
          unit="runs finished"
          done={data.finished}
          total={data.total}
          elapsedMs={data.elapsedMs}
          testId="batch-eta"
        />
      )}
      {error && <p className="text-xs text-red-600 dark:text-red-400">{error}</p>}
      {scores.length > 0 && (
        <p className="flex gap-4 text-xs" data-testid="batch-scores">
          {scores.map((s) => (
            <span key={s.mode}>
              <span className="text-zinc-500">{s.mode === 'orchestrator' ? 'orchestrator' : 'micro-agents'}</span>{' '}
              <span className="font-mono font-medium tabular-nums">
                {s.succeeded}/{s.finished}
              </span>{' '}
              <span className="text-zinc-500">succeeded</span>
            </span>
          ))}
        </p>
      )}
      {outcomes.length > 0 && (
        <table className="w-full text-xs" data-testid="batch-outcomes">
          <thead className="text-left text-[11px] uppercase tracking-wide text-zinc-500">
            <tr>
              <th className="py-1 font-medium">Outcome</th>
              <th className="w-20 py-1 text-right font-medium">Agents</th>
              <th className="w-24 py-1 text-right font-medium">Orchestrator</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {outcomes.map((o) => (
              <tr key={o.kind} data-kind={o.kind}>
                <td className="py-1 pr-2" title={o.example}>
                  {o.label}
                </td>
                <td className="py-1 text-right font-mono tabular-nums">{o.agents}</td>
                <td className="py-1 text-right font-mono tabular-nums">{o.orchestrator}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.runs.length > 0 && (
        <details className="text-xs">
          <summary className="cursor-pointer text-zinc-500">Every run ({data.runs.length})</summary>
          <ul className="mt-1 max-h-64 divide-y divide-zinc-100 overflow-auto dark:divide-zinc-800">
            {data.runs.map((r) => (
              <li key={r.runId} className="flex items-center gap-2 py-1">
                <StatusBadge status={r.status} />
                <span className="w-20 text-zinc-500">{r.mode}</span>
                <span className="w-24 truncate text-zinc-500">{r.customerId ?? ''}</span>
                <span className="min-w-0 flex-1 truncate">{r.outcome}</span>
                <Link
                  href={`/runs/${encodeURIComponent(r.runId)}`}
                  className="font-mono text-indigo-600 hover:underline dark:text-indigo-400"
                >
                  {shortId(r.runId)}
                </Link>
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

export function BatchRunner({
  presets,
  initialBatchId,
}: {
  presets: FaultPresetSummary[] | undefined;
  initialBatchId: string | null;
}) {
  const [orders, setOrders] = useState('20');
  const [seed, setSeed] = useState('1');
  const [preset, setPreset] = useState('');
  const [mode, setMode] = useState<CheckoutMode>('both');
  const [batchId, setBatchId] = useState<string | null>(initialBatchId);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(orders);
    const s = Number(seed);
    if (!Number.isInteger(n) || n < 1 || n > 200) return setError('Orders: a whole number from 1 to 200.');
    if (seed.trim() !== '' && !Number.isInteger(s)) return setError('Seed: a whole number.');
    setError(null);
    setStarting(true);
    try {
      const { batchId: id } = await startBatch({
        orders: n,
        mode,
        ...(seed.trim() ? { seed: s } : {}),
        ...(preset ? { preset } : {}),
      });
      setBatchId(id);
      const url = new URL(window.location.href);
      url.searchParams.set('batch', id);
      window.history.replaceState(null, '', url);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setStarting(false);
    }
  };

  return (
    <div className="space-y-3 p-3">
      <p className="text-xs text-zinc-500">
        Places N orders for random demo customers and carts (seeded), under the rules in force or a preset, and scores
        what happened.
      </p>
      <form
        onSubmit={submit}
        className="grid grid-cols-2 gap-2 sm:grid-cols-[100px_100px_1fr_1fr_auto] sm:items-end"
        data-testid="batch-form"
      >
        <Field label="Orders (1–200)">
          <input
            className={inputClass}
            inputMode="numeric"
            value={orders}
            onChange={(e) => setOrders(e.target.value)}
            data-testid="batch-orders"
          />
        </Field>
        <Field label="Seed">
          <input className={inputClass} inputMode="numeric" value={seed} onChange={(e) => setSeed(e.target.value)} />
        </Field>
        <Field label="Checked out by">
          <select className={inputClass} value={mode} onChange={(e) => setMode(e.target.value as CheckoutMode)}>
            <option value="both">both (compare)</option>
            <option value="agents">micro-agents</option>
            <option value="orchestrator">orchestrator</option>
          </select>
        </Field>
        <Field label="Preset">
          <select className={inputClass} value={preset} onChange={(e) => setPreset(e.target.value)}>
            <option value="">rules in force</option>
            {(presets ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
        <Button type="submit" variant="primary" disabled={starting} data-testid="batch-start" className="h-7">
          {starting ? 'Starting…' : `Run ${orders || 'N'} chaos orders`}
        </Button>
        <p role="alert" className="col-span-full text-xs text-red-600 empty:hidden dark:text-red-400">
          {error}
        </p>
      </form>
      {batchId && <BatchProgress key={batchId} batchId={batchId} />}
    </div>
  );
}
