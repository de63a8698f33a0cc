'use client';

import { useEffect, useState } from 'react';
import { createRule, deleteRule, fetchPresets, fetchRules, updateRule, type FaultRuleView } from '../api/faults';
import { errorMessage } from '../api/http';
import { usePolling } from '../hooks/use-polling';
import { Button, Kbd } from '../ui/button';
import { Panel } from '../ui/panel';
import { BatchRunner } from './batch-runner';
import type { CustomerChoice, FaultCatalogView } from './fault-choices';
import { PresetsPanel } from './presets-panel';
import { RuleEditor } from './rule-editor';
import { RuleTable } from './rule-table';
import { ScorecardPanel } from './scorecard-panel';
import { isTyping, plainKey } from '../ui/keys';

type Editing = { mode: 'new' } | { mode: 'edit'; rule: FaultRuleView } | null;

/**
 * The control panel: fault rules (create, toggle, edit, delete; hit counters polled every 1.5 s),
 * presets, and chaos batches. Rules take effect at once, mid-run too.
 */
export function ControlPanel({
  catalog,
  customers,
  initialBatchId,
  initialScorecardId = null,
}: {
  catalog: FaultCatalogView;
  customers: CustomerChoice[];
  initialBatchId: string | null;
  initialScorecardId?: string | null;
}) {
  const rules = usePolling(fetchRules, 1500);
  const { data: presets } = usePolling(fetchPresets, null);
  const [editing, setEditing] = useState<Editing>(null);
  const [error, setError] = useState<string | null>(null);

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    }
    await rules.refresh();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'n' && !isTyping(e.target) && plainKey(e)) {
        e.preventDefault();
        setEditing({ mode: 'new' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const list = rules.data ?? [];
  const enabled = list.filter((r) => r.enabled).length;

  return (
    <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,1fr)_420px]">
      <section className="min-w-0 space-y-3">
        <div className="flex items-baseline gap-3">
          <h1 className="text-lg font-semibold">Chaos control panel</h1>
          <p className="text-xs text-zinc-500">Rules apply inside the services at once, to runs already going too.</p>
        </div>
        <Panel
          title={`Fault rules · ${enabled} on / ${list.length}`}
          bodyClassName=""
          testId="rules-panel"
          actions={
            <Button size="sm" variant="primary" onClick={() => setEditing({ mode: 'new' })} data-testid="rule-new">
              New rule <Kbd>N</Kbd>
            </Button>
          }
        >
          {editing && (
            <div className="border-b border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-950/40">
              <RuleEditor
                key={editing.mode === 'edit' ? editing.rule.id : 'new'}
                catalog={catalog}
                customers={customers}
                rule={editing.mode === 'edit' ? editing.rule : null}
                save={(input) => (editing.mode === 'edit' ? updateRule(editing.rule.id, input) : createRule(input))}
                onCancel={() => setEditing(null)}
                onSaved={() => {
                  setEditing(null);
                  void rules.refresh();
                }}
              />
            </div>
          )}
          <p role="alert" className="px-3 text-xs text-red-600 empty:hidden dark:text-red-400">
            {error ?? rules.error}
          </p>
          {rules.data === undefined ? (
            <p className="px-3 py-6 text-center text-xs text-zinc-400">
              {rules.error ? `Fault rules unavailable (${rules.error}).` : 'Loading fault rules…'}
            </p>
          ) : (
            <RuleTable
              rules={list}
              editingId={editing?.mode === 'edit' ? editing.rule.id : null}
              onToggle={(rule, on) => void act(() => updateRule(rule.id, { enabled: on }))}
              onEdit={(rule) => setEditing({ mode: 'edit', rule })}
              onDelete={(rule) => void act(() => deleteRule(rule.id))}
            />
          )}
        </Panel>
        <Panel title="Chaos orders" bodyClassName="" testId="batch-panel">
          <BatchRunner presets={presets} initialBatchId={initialBatchId} />
        </Panel>
        <Panel title="Chaos scorecard · agents vs orchestrator" bodyClassName="" testId="scorecard">
          <ScorecardPanel presets={presets} initialReportId={initialScorecardId} />
        </Panel>
      </section>
      <aside className="min-w-0 space-y-3 lg:pt-9">
        <Panel title="Presets" bodyClassName="">
          <PresetsPanel presets={presets} onChanged={() => void rules.refresh()} />
        </Panel>
      </aside>
    </div>
  );
}
