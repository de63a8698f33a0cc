'use client';

import { useState, type FormEvent } from 'react';
import { ApiError, errorMessage } from '../api/http';
import type { FaultRuleView, FaultRuleFieldsView } from '../api/faults';
import { Button } from '../ui/button';
import {
  KIND_LABELS,
  TRIGGER_LABELS,
  kindsOf,
  operationsOf,
  type CustomerChoice,
  type FaultCatalogView,
} from './fault-choices';
import { Field, inputClass } from './field';
import {
  draftFromRule,
  draftToInput,
  emptyDraft,
  paramFields,
  reconcileDraft,
  type FieldProblem,
  type RuleDraft,
} from './rule-draft';

/**
 * Create a rule, or edit one (then `rule` is set). Where it is kept is the caller's: `save` stores
 * it (the faults API for the control panel, a fork's own list for a fork); an ApiError's fields are shown
 * on their inputs.
 */
export function RuleEditor({
  catalog,
  customers,
  rule,
  save,
  onSaved,
  onCancel,
}: {
  catalog: FaultCatalogView;
  customers: CustomerChoice[];
  rule: FaultRuleView | null;
  save: (input: FaultRuleFieldsView) => Promise<unknown>;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState<RuleDraft>(() => (rule ? draftFromRule(rule, catalog) : emptyDraft(catalog)));
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const set = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K]) =>
    setDraft((d) =>
      key === 'service' || key === 'kind' ? reconcileDraft({ ...d, [key]: value }, catalog) : { ...d, [key]: value },
    );
  const problem = (path: string) => problems.find((p) => p.path === path)?.message;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { input, problems: found } = draftToInput(draft);
    setProblems(found);
    setError(null);
    if (!input) return;
    setSaving(true);
    try {
      await save(input);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) setProblems(err.fields);
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const params = new Set(paramFields(draft.service, draft.kind));
  const cards = customers.flatMap((c) => c.cards.map((card) => ({ ...card, customer: c.name })));

  return (
    <form
      onSubmit={submit}
      data-testid="rule-editor"
      className="grid grid-cols-2 gap-2 sm:grid-cols-4"
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <Field label="Name" className="col-span-2">
        <input
          className={inputClass}
          value={draft.name}
          onChange={(e) => set('name', e.target.value)}
          placeholder="e.g. decline primary cards"
          data-testid="rule-name"
          autoFocus
        />
      </Field>
      <Field label="Service" error={problem('service')}>
        <select
          className={inputClass}
          value={draft.service}
          onChange={(e) => set('service', e.target.value)}
          data-testid="rule-service"
        >
          {catalog.services.map((s) => (
            <option key={s.name} value={s.name}>
              {s.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Kind" error={problem('kind')}>
        <select
          className={inputClass}
          value={draft.kind}
          onChange={(e) => set('kind', e.target.value)}
          data-testid="rule-kind"
        >
          {kindsOf(catalog, draft.service).map((k) => (
            <option key={k.kind} value={k.kind}>
              {KIND_LABELS[k.kind] ?? k.kind}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Operation" error={problem('operation')}>
        <select
          className={inputClass}
          value={draft.operation}
          onChange={(e) => set('operation', e.target.value)}
          data-testid="rule-operation"
        >
          {operationsOf(catalog, draft.service, draft.kind).map((op) => (
            <option key={op} value={op}>
              {op === '*' ? 'every operation' : op}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Trigger">
        <select
          className={inputClass}
          value={draft.trigger}
          onChange={(e) => set('trigger', e.target.value)}
          data-testid="rule-trigger"
        >
          {catalog.triggers.map((t) => (
            <option key={t} value={t}>
              {TRIGGER_LABELS[t] ?? t}
            </option>
          ))}
        </select>
      </Field>
      {draft.trigger === 'probability' && (
        <>
          <Field label="Probability (0–1)" error={problem('probability')}>
            <input
              className={inputClass}
              inputMode="decimal"
              value={draft.probability}
              onChange={(e) => set('probability', e.target.value)}
              data-testid="rule-probability"
            />
          </Field>
          <Field label="Seed" error={problem('seed')}>
            <input
              className={inputClass}
              inputMode="numeric"
              value={draft.seed}
              onChange={(e) => set('seed', e.target.value)}
            />
          </Field>
        </>
      )}
      {draft.trigger === 'next_n' && (
        <Field label="Calls" error={problem('remainingCalls')}>
          <input
            className={inputClass}
            inputMode="numeric"
            value={draft.remainingCalls}
            onChange={(e) => set('remainingCalls', e.target.value)}
            data-testid="rule-remaining"
          />
        </Field>
      )}
      {draft.trigger === 'customer' && (
        <Field label="Customer" error={problem('customerId')} className="col-span-2">
          <select className={inputClass} value={draft.customerId} onChange={(e) => set('customerId', e.target.value)}>
            <option value="">pick a customer…</option>
            {customers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {draft.trigger === 'card' && (
        <Field label="Card" error={problem('paymentMethodId')} className="col-span-2">
          <select
            className={inputClass}
            value={draft.paymentMethodId}
            onChange={(e) => set('paymentMethodId', e.target.value)}
          >
            <option value="">pick a card…</option>
            {cards.map((c) => (
              <option key={c.id} value={c.id}>
                {c.customer}: {c.label}
              </option>
            ))}
          </select>
        </Field>
      )}
      {draft.trigger === 'window' && (
        <>
          <Field label="From" error={problem('activeFrom')}>
            <input
              type="datetime-local"
              step={1}
              className={inputClass}
              value={draft.activeFrom}
              onChange={(e) => set('activeFrom', e.target.value)}
            />
          </Field>
          <Field label="Until" error={problem('activeUntil')}>
            <input
              type="datetime-local"
              step={1}
              className={inputClass}
              value={draft.activeUntil}
              onChange={(e) => set('activeUntil', e.target.value)}
            />
          </Field>
        </>
      )}
      {params.has('latencyMs') && (
        <Field label="Latency (ms)" error={problem('params.latencyMs')}>
          <input
            className={inputClass}
            inputMode="numeric"
            value={draft.latencyMs}
            onChange={(e) => set('latencyMs', e.target.value)}
          />
        </Field>
      )}
      {params.has('retryAfterMs') && (
        <Field label="Retry after (ms)" error={problem('params.retryAfterMs')}>
          <input
            className={inputClass}
            inputMode="numeric"
            value={draft.retryAfterMs}
            onChange={(e) => set('retryAfterMs', e.target.value)}
            placeholder="service default"
          />
        </Field>
      )}
      {params.has('cardRole') && (
        <Field label="Only cards" error={problem('params.cardRole')}>
          <select
            className={inputClass}
            value={draft.cardRole}
            onChange={(e) => set('cardRole', e.target.value)}
            data-testid="rule-card-role"
          >
            <option value="">any role</option>
            <option value="primary">primary</option>
            <option value="backup">backup</option>
          </select>
        </Field>
      )}
      {params.has('carrier') && (
        <Field label="Only carrier" error={problem('params.carrier')}>
          <select className={inputClass} value={draft.carrier} onChange={(e) => set('carrier', e.target.value)}>
            <option value="">any carrier</option>
            {catalog.carriers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
      )}
      {params.has('sku') && (
        <Field label="Only SKU" error={problem('params.sku')}>
          <input
            className={inputClass}
            value={draft.sku}
            onChange={(e) => set('sku', e.target.value)}
            placeholder="any SKU"
          />
        </Field>
      )}
      <div className="col-span-full flex items-center gap-2 pt-1">
        <label className="flex items-center gap-1.5 text-xs">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => set('enabled', e.target.checked)}
            className="accent-indigo-600"
          />{' '}
          enabled
        </label>
        <p
          role="alert"
          className="min-w-0 flex-1 truncate text-xs text-red-600 dark:text-red-400"
          title={error ?? undefined}
        >
          {error}
        </p>
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button size="sm" variant="primary" type="submit" disabled={saving} data-testid="rule-save">
          {saving ? 'Saving…' : rule ? 'Save rule' : 'Add rule'}
        </Button>
      </div>
    </form>
  );
}
