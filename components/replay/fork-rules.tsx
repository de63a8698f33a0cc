'use client';

import { useState } from 'react';
import type { FaultRuleView, FaultRuleFieldsView } from '../api/faults';
import type { RuleChoices } from '../chaos/fault-choices';
import { RuleEditor } from '../chaos/rule-editor';
import { RuleTable } from '../chaos/rule-table';
import { Button } from '../ui/button';

type Editing = { mode: 'new' } | { mode: 'edit'; rule: FaultRuleView } | null;

/**
 * A fork's own fault rules, edited one by one with the control panel's table and editor. Nothing is
 * stored: the list goes with the fork request, and the live rules are not touched.
 */
export function ForkRules({
  choices,
  rules,
  onChange,
}: {
  choices: RuleChoices;
  rules: FaultRuleView[];
  onChange: (rules: FaultRuleView[]) => void;
}) {
  const [editing, setEditing] = useState<Editing>(null);
  // Ids only tell the draft's rules apart (React keys, which one is edited); the server gives the fork's rules its own.
  const [nextId, setNextId] = useState(1);

  const save = async (input: FaultRuleFieldsView) => {
    if (editing?.mode === 'edit') {
      onChange(rules.map((r) => (r.id === editing.rule.id ? { ...r, ...input } : r)));
    } else {
      const unsaved = new Date(0).toISOString();
      onChange([
        ...rules,
        { ...input, id: `fork_draft_${nextId}`, hitCount: 0, evalCount: 0, createdAt: unsaved, updatedAt: unsaved },
      ]);
      setNextId((n) => n + 1);
    }
  };

  return (
    <div
      className="rounded border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-950"
      data-testid="fork-rules"
    >
      <RuleTable
        rules={rules}
        hits={false}
        editingId={editing?.mode === 'edit' ? editing.rule.id : null}
        onToggle={(rule, enabled) => onChange(rules.map((r) => (r.id === rule.id ? { ...r, enabled } : r)))}
        onEdit={(rule) => setEditing({ mode: 'edit', rule })}
        onDelete={(rule) => {
          onChange(rules.filter((r) => r.id !== rule.id));
          if (editing?.mode === 'edit' && editing.rule.id === rule.id) setEditing(null);
        }}
      />
      {editing ? (
        <div className="border-t border-zinc-200 bg-zinc-50 p-2 dark:border-zinc-800 dark:bg-zinc-950/40">
          <RuleEditor
            key={editing.mode === 'edit' ? editing.rule.id : 'new'}
            catalog={choices.catalog}
            customers={choices.customers}
            rule={editing.mode === 'edit' ? editing.rule : null}
            save={save}
            onSaved={() => setEditing(null)}
            onCancel={() => setEditing(null)}
          />
        </div>
      ) : (
        <div className="border-t border-zinc-200 px-2 py-1.5 dark:border-zinc-800">
          <Button size="sm" variant="secondary" onClick={() => setEditing({ mode: 'new' })} data-testid="fork-rule-add">
            Add rule
          </Button>
        </div>
      )}
    </div>
  );
}
