'use client';

import { useMemo, useState, type FormEvent } from 'react';
import type { TraceEvent } from '@/lib/trace/events';
import { fetchPresets } from '../api/faults';
import type { ForkInput } from '../api/replay';
import { Field } from '../chaos/field';
import { usePolling } from '../hooks/use-polling';
import { Button } from '../ui/button';
import { forkFormFor, forkRequest, forkSteps, isForkable, type ForkChange, type ForkForm } from './fork-steps';

const control =
  'min-w-0 rounded border border-zinc-300 bg-white px-1.5 text-xs text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100';

/**
 * Fork a recorded run at one step: everything before it is served from the record, and from it on
 * the run continues live, under other fault rules, or with that step's model reply or tool result
 * edited. The step starts as what is selected (or the replay position).
 */
export function ForkPanel({ events, initialSeq, busy, onFork, onCancel }: { events: readonly TraceEvent[]; initialSeq: number | null; busy: boolean; onFork: (input: ForkInput) => void; onCancel: () => void }) {
  const { data: presets } = usePolling(fetchPresets, null);
  const steps = useMemo(() => forkSteps(events), [events]);
  const bySeq = useMemo(() => new Map(events.filter(isForkable).map((e) => [e.seq, e])), [events]);
  const first = (initialSeq !== null && bySeq.get(initialSeq)) || bySeq.values().next().value;
  const [form, setForm] = useState<ForkForm | null>(() => (first ? forkFormFor(first) : null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (!form) return <p className="p-3 text-xs text-zinc-500">This run has no model step or tool result to fork at.</p>;
  const at = bySeq.get(form.atSeq);
  const set = (patch: Partial<ForkForm>) => setForm({ ...form, ...patch });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const request = forkRequest(form);
    if (!request.ok) return setErrors(request.errors);
    setErrors({});
    onFork(request.input);
  };
  const changes: { value: ForkChange; label: string; enabled: boolean }[] = [
    { value: 'faults', label: 'Other fault rules', enabled: true },
    { value: 'reply', label: 'Edit the model reply', enabled: at?.type === 'model.step' },
    { value: 'toolResult', label: 'Edit the tool result', enabled: at?.type === 'tool.result' },
  ];

  return (
    <form onSubmit={submit} className="space-y-2 border-t border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-950/40" data-testid="fork-panel">
      <div className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_auto]">
        <Field label="Fork at (everything before it is served from the record)">
          <select className={`${control} h-7`} value={form.atSeq} onChange={(e) => setForm(forkFormFor(bySeq.get(Number(e.target.value))!, form))} data-testid="fork-step">
            {steps.map((s) => <option key={s.seq} value={s.seq}>#{s.seq} · {s.label}</option>)}
          </select>
        </Field>
        <div role="radiogroup" aria-label="What changes" className="flex items-end gap-3 text-xs">
          {changes.map((c) => (
            <label key={c.value} className={`flex h-7 items-center gap-1 ${c.enabled ? '' : 'opacity-40'}`}>
              <input type="radio" name="fork-change" value={c.value} checked={form.change === c.value} disabled={!c.enabled} onChange={() => set({ change: c.value })} className="accent-indigo-600" data-testid={`fork-change-${c.value}`} />
              {c.label}
            </label>
          ))}
        </div>
      </div>
      <Field label="Fault rules from the fork on" error={errors.faults}>
        <select className={`${control} h-7`} value={form.faults} onChange={(e) => set({ faults: e.target.value })} data-testid="fork-faults">
          <option value="">the parent&apos;s rules, as they were</option>
          <option value="none">no faults at all</option>
          {(presets ?? []).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </Field>
      {form.change === 'reply' && (
        <div className="grid gap-2 md:grid-cols-2">
          <Field label="Reply text">
            <textarea className={`${control} h-28 py-1 font-mono`} value={form.replyText} onChange={(e) => set({ replyText: e.target.value })} maxLength={20_000} data-testid="fork-reply-text" />
          </Field>
          <Field label='Tool calls (JSON: [{ "toolName", "input" }], [] for none)' error={errors.replyToolCalls}>
            <textarea className={`${control} h-28 py-1 font-mono`} value={form.replyToolCalls} onChange={(e) => set({ replyToolCalls: e.target.value })} spellCheck={false} data-testid="fork-reply-calls" />
          </Field>
        </div>
      )}
      {form.change === 'toolResult' && (
        <Field label='What the tool answers instead (JSON; "ok": true or "status": "ok" is a success, else an error with its error.code)' error={errors.toolResult}>
          <textarea className={`${control} h-32 py-1 font-mono`} value={form.toolResult} onChange={(e) => set({ toolResult: e.target.value })} spellCheck={false} data-testid="fork-tool-result" />
        </Field>
      )}
      <div className="flex items-center gap-2">
        <Button type="submit" variant="primary" size="sm" disabled={busy} data-testid="fork-submit">{busy ? 'Forking…' : `Fork from #${form.atSeq}`}</Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>Cancel</Button>
        <span className="text-[11px] text-zinc-500">The fork runs in a sandbox from the run&apos;s snapshots: the live store is not touched.</span>
      </div>
    </form>
  );
}
