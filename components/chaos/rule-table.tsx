'use client';

import { useEffect, useRef, useState } from 'react';
import { describeTrigger, type FaultRuleView } from '../api/faults';
import { Button } from '../ui/button';
import { KIND_LABELS } from './fault-choices';

/** The hit count, flashing when it goes up so a change is seen from across the room. */
function HitCount({ value }: { value: number }) {
  const ref = useRef<HTMLSpanElement>(null);
  const previous = useRef(value);
  useEffect(() => {
    if (value > previous.current)
      ref.current?.animate([{ backgroundColor: 'rgb(251 191 36 / 0.6)' }, { backgroundColor: 'transparent' }], {
        duration: 900,
      });
    previous.current = value;
  }, [value]);
  return (
    <span
      ref={ref}
      data-testid="rule-hits"
      className="inline-block min-w-8 rounded px-1 text-right font-mono tabular-nums"
    >
      {value}
    </span>
  );
}

export function Switch({
  checked,
  onChange,
  label,
  testId,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  testId?: string;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      data-testid={testId}
      onClick={() => onChange(!checked)}
      className={`relative inline-flex h-4 w-7 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 ${checked ? 'bg-amber-500' : 'bg-zinc-300 dark:bg-zinc-700'}`}
    >
      <span
        className={`inline-block size-3 rounded-full bg-white shadow transition-transform ${checked ? 'translate-x-3.5' : 'translate-x-0.5'}`}
      />
    </button>
  );
}

/** Delete in two clicks, without a modal dialog: the first arms the button for a few seconds. */
function DeleteButton({ label, onDelete }: { label: string; onDelete: () => void }) {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    if (!armed) return;
    const timer = setTimeout(() => setArmed(false), 3000);
    return () => clearTimeout(timer);
  }, [armed]);
  return (
    <Button
      size="sm"
      variant={armed ? 'danger' : 'ghost'}
      onClick={() => (armed ? onDelete() : setArmed(true))}
      data-testid="rule-delete"
      aria-label={armed ? `Confirm deleting ${label}` : `Delete ${label}`}
    >
      {armed ? 'Confirm' : 'Delete'}
    </Button>
  );
}

export function RuleTable({
  rules,
  editingId,
  hits = true,
  onToggle,
  onEdit,
  onDelete,
}: {
  rules: FaultRuleView[];
  editingId: string | null;
  /** Hit counts: live rules have them; a fork's draft of rules has none yet. */
  hits?: boolean;
  onToggle: (rule: FaultRuleView, enabled: boolean) => void;
  onEdit: (rule: FaultRuleView) => void;
  onDelete: (rule: FaultRuleView) => void;
}) {
  if (rules.length === 0) {
    return (
      <p className="px-3 py-6 text-center text-xs text-zinc-500" data-testid="no-rules">
        No fault rules: every service behaves. Add one, or apply a preset.
      </p>
    );
  }
  return (
    <table className="w-full table-fixed text-xs" data-testid="rule-table">
      <thead className="text-left text-[11px] uppercase tracking-wide text-zinc-500">
        <tr className="border-b border-zinc-200 dark:border-zinc-800">
          <th className="w-10 px-3 py-1.5 font-medium">On</th>
          <th className="px-2 py-1.5 font-medium">Rule</th>
          <th className="w-40 px-2 py-1.5 font-medium">Where</th>
          <th className="w-40 px-2 py-1.5 font-medium">Kind</th>
          <th className="w-36 px-2 py-1.5 font-medium">Trigger</th>
          {hits && <th className="w-14 px-2 py-1.5 text-right font-medium">Hits</th>}
          <th className="w-28 px-3 py-1.5" />
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {rules.map((r) => (
          <tr
            key={r.id}
            id={`rule-${r.id}`}
            data-testid="rule-row"
            data-rule-name={r.name}
            data-enabled={r.enabled}
            className={`${editingId === r.id ? 'bg-indigo-50 dark:bg-indigo-950/40' : ''} ${r.enabled ? '' : 'text-zinc-400 dark:text-zinc-500'} target:bg-amber-50 dark:target:bg-amber-950/30`}
          >
            <td className="px-3 py-1.5">
              <Switch
                checked={r.enabled}
                onChange={(on) => onToggle(r, on)}
                label={`${r.enabled ? 'Disable' : 'Enable'} ${r.name || r.kind}`}
                testId="rule-toggle"
              />
            </td>
            <td className="truncate px-2 py-1.5 font-medium" title={r.name}>
              {r.name || (
                <span className="italic text-zinc-400">
                  {r.service} {KIND_LABELS[r.kind] ?? r.kind}
                </span>
              )}
            </td>
            <td className="truncate px-2 py-1.5 font-mono">
              {r.service}.{r.operation}
            </td>
            <td className="truncate px-2 py-1.5">{KIND_LABELS[r.kind] ?? r.kind}</td>
            <td className="truncate px-2 py-1.5 font-mono" title={describeTrigger(r)}>
              {describeTrigger(r)}
            </td>
            {hits && (
              <td className="px-2 py-1.5 text-right">
                <HitCount value={r.hitCount} />
              </td>
            )}
            <td className="px-3 py-1.5 text-right">
              <span className="inline-flex gap-1">
                <Button size="sm" variant="ghost" onClick={() => onEdit(r)} data-testid="rule-edit">
                  Edit
                </Button>
                <DeleteButton label={r.name || r.kind} onDelete={() => onDelete(r)} />
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
