'use client';

import { useId, useMemo, useState, type FormEvent } from 'react';
import type { TraceEvent } from '@/lib/trace/events';
import { fetchPresets, fetchRules } from '../api/faults';
import { errorMessage } from '../api/http';
import type { ForkInput } from '../api/replay';
import type { RuleChoices } from '../chaos/fault-choices';
import { Field } from '../chaos/field';
import { usePolling } from '../hooks/use-polling';
import { Button } from '../ui/button';
import { ForkRules } from './fork-rules';
import {
  EDITABLE_FAULTS,
  forkFormFor,
  forkRequest,
  forkSteps,
  isEditableFaults,
  isForkable,
  parentRulesAt,
  type ForkChange,
  type ForkForm,
} from './fork-steps';

const control =
  'min-w-0 rounded border border-zinc-300 bg-white px-1.5 text-xs text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100';

/**
 * Fork a recorded run at one step: everything before it is served from the record, and from it on
 * the run continues live, under other fault rules, or with that step's model reply or tool result
 * edited. The step starts as what is selected (or the replay position). Other rules are a preset, or
 * a list that starts from the parent's rules at the step, the rules in force now, or none, and is
 * edited rule by rule.
 */
export function ForkPanel({
  events,
  initialSeq,
  busy,
  ruleChoices,
  onFork,
  onCancel,
}: {
  events: readonly TraceEvent[];
  initialSeq: number | null;
  busy: boolean;
  ruleChoices: RuleChoices;
  onFork: (input: ForkInput) => void;
  onCancel: () => void;
}) {
  const formId = useId();
  const { data: presets } = usePolling(fetchPresets, null);
  const steps = useMemo(() => forkSteps(events), [events]);
  const bySeq = useMemo(() => new Map(events.filter(isForkable).map((e) => [e.seq, e])), [events]);
  const first = (initialSeq !== null && bySeq.get(initialSeq)) || bySeq.values().next().value;
  const [form, setForm] = useState<ForkForm | null>(() => (first ? forkFormFor(first) : null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [loadingRules, setLoadingRules] = useState(false);
  if (!form) return <p className="p-3 text-xs text-zinc-500">This run has no model step or tool result to fork at.</p>;
  const at = bySeq.get(form.atSeq);
  const set = (patch: Partial<ForkForm>) => setForm({ ...form, ...patch });
  const pickFaults = async (faults: string) => {
    setErrors({});
    if (faults === 'parent') return set({ faults, rules: parentRulesAt(events, form.atSeq) });
    if (faults === 'none') return set({ faults, rules: [] });
    if (faults !== 'now') return set({ faults });
    setLoadingRules(true);
    try {
      const rules = await fetchRules();
      setForm((f) => (f ? { ...f, faults, rules } : f));
    } catch (e) {
      setErrors({ faults: `The rules in force now could not be read: ${errorMessage(e)}` });
    } finally {
      setLoadingRules(false);
    }
  };

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
    // The rule editor is a form of its own, so it sits beside the fork's form, not in it; the submit button names the form.
    <div
      className="space-y-2 border-t border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-950/40"
      data-testid="fork-panel"
    >
      <form id={formId} onSubmit={submit} className="space-y-2">
        <div className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_auto]">
          <Field label="Fork at (everything before it is served from the record)">
            <select
              className={`${control} h-7`}
              value={form.atSeq}
              onChange={(e) => setForm(forkFormFor(bySeq.get(Number(e.target.value))!, form))}
              data-testid="fork-step"
            >
              {steps.map((s) => (
                <option key={s.seq} value={s.seq}>
                  #{s.seq} · {s.label}
                </option>
              ))}
            </select>
          </Field>
          <div role="radiogroup" aria-label="What changes" className="flex items-end gap-3 text-xs">
            {changes.map((c) => (
              <label key={c.value} className={`flex h-7 items-center gap-1 ${c.enabled ? '' : 'opacity-40'}`}>
                <input
                  type="radio"
                  name="fork-change"
                  value={c.value}
                  checked={form.change === c.value}
                  disabled={!c.enabled}
                  onChange={() => set({ change: c.value })}
                  className="accent-indigo-600"
                  data-testid={`fork-change-${c.value}`}
                />
                {c.label}
              </label>
            ))}
          </div>
        </div>
        <Field label="Fault rules from the fork on" error={errors.faults}>
          <select
            className={`${control} h-7`}
            value={form.faults}
            onChange={(e) => void pickFaults(e.target.value)}
            disabled={loadingRules}
            data-testid="fork-faults"
          >
            <option value="">the parent&apos;s rules, as they were (with their recorded changes)</option>
            <optgroup label="Start from, then edit rule by rule">
              {Object.entries(EDITABLE_FAULTS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </optgroup>
            <optgroup label="A preset">
              {(presets ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          </select>
        </Field>
      </form>
      {isEditableFaults(form.faults) && (
        <ForkRules choices={ruleChoices} rules={form.rules} onChange={(rules) => set({ rules })} />
      )}
      {form.change === 'reply' && (
        <div className="grid gap-2 md:grid-cols-2">
          <Field label="Reply text">
            <textarea
              className={`${control} h-28 py-1 font-mono`}
              value={form.replyText}
              onChange={(e) => set({ replyText: e.target.value })}
              maxLength={20_000}
              data-testid="fork-reply-text"
            />
          </Field>
          <Field label='Tool calls (JSON: [{ "toolName", "input" }], [] for none)' error={errors.replyToolCalls}>
            <textarea
              className={`${control} h-28 py-1 font-mono`}
              value={form.replyToolCalls}
              onChange={(e) => set({ replyToolCalls: e.target.value })}
              spellCheck={false}
              data-testid="fork-reply-calls"
            />
          </Field>
        </div>
      )}
      {form.change === 'toolResult' && (
        <Field
          label='What the tool answers instead (JSON; "ok": true or "status": "ok" is a success, else an error with its error.code)'
          error={errors.toolResult}
        >
          <textarea
            className={`${control} h-32 py-1 font-mono`}
            value={form.toolResult}
            onChange={(e) => set({ toolResult: e.target.value })}
            spellCheck={false}
            data-testid="fork-tool-result"
          />
        </Field>
      )}
      <div className="flex items-center gap-2">
        <Button
          type="submit"
          form={formId}
          variant="primary"
          size="sm"
          disabled={busy || loadingRules}
          data-testid="fork-submit"
        >
          {busy ? 'Forking…' : `Fork from #${form.atSeq}`}
        </Button>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <span className="text-[11px] text-zinc-500">
          The fork runs in a sandbox from the run&apos;s snapshots: the live store is not touched.
        </span>
      </div>
    </div>
  );
}
