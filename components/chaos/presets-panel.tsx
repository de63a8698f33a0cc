'use client';

import { useState } from 'react';
import { applyPreset, clearRules, type FaultPresetSummary } from '../api/faults';
import { errorMessage } from '../api/http';
import { Button } from '../ui/button';

export function PresetsPanel({
  presets,
  onChanged,
}: {
  presets: FaultPresetSummary[] | undefined;
  onChanged: () => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (key: string, action: () => Promise<unknown>) => {
    setBusy(key);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="presets">
      {presets === undefined ? (
        <p className="px-3 py-3 text-xs text-zinc-400">Loading presets…</p>
      ) : (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {presets.map((p) => (
            <li key={p.id} className="flex items-start gap-2 px-3 py-1.5" data-testid="preset" data-preset-id={p.id}>
              <div className="min-w-0 flex-1">
                <p className="text-[13px] font-medium">{p.name}</p>
                <p className="line-clamp-2 text-xs text-zinc-500" title={p.description}>
                  {p.description}
                </p>
              </div>
              <Button
                size="sm"
                disabled={busy !== null}
                onClick={() => void run(`add:${p.id}`, () => applyPreset(p.id, false))}
                title="Add this preset's rules to the ones in force"
                data-testid="preset-add"
              >
                Add
              </Button>
              <Button
                size="sm"
                disabled={busy !== null}
                onClick={() => void run(`replace:${p.id}`, () => applyPreset(p.id, true))}
                title="Replace every rule with this preset's"
                data-testid="preset-replace"
              >
                Only this
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex items-center gap-2 border-t border-zinc-200 px-3 py-2 dark:border-zinc-800">
        <p role="alert" className="min-w-0 flex-1 truncate text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
        <Button
          size="sm"
          variant="danger"
          disabled={busy !== null}
          onClick={() => void run('clear', clearRules)}
          data-testid="rules-clear"
        >
          Clear all rules
        </Button>
      </div>
    </div>
  );
}
