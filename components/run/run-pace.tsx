'use client';

import { useEffect, useState } from 'react';
import { PACE_LABELS, PACES, type Pace } from '@/lib/runtime/pace';
import { ApiError, errorMessage } from '../api/http';
import { changeRunPace, fetchRunPace } from '../api/demo';

/**
 * The pace of the run on screen: while it goes, a control that changes the rest of it (from its next
 * model step or service call); once it is over, the pace it started at (re-runs and replays run instant).
 */
export function RunPace({
  runId,
  startedPace,
  running,
}: {
  runId: string;
  startedPace: Pace | undefined;
  running: boolean;
}) {
  const [pace, setPace] = useState<Pace | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  // The run may have been re-paced since it started (another tab, an earlier visit): ask what it is now.
  useEffect(() => {
    if (!running) return;
    let cancelled = false;
    fetchRunPace(runId).then(
      (answer) => {
        if (!cancelled && answer.pace) setPace(answer.pace);
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [runId, running]);

  const shown = pace ?? startedPace ?? 'instant';
  if (!running) {
    return (
      <span
        className="shrink-0 text-[11px] text-zinc-500"
        data-testid="run-pace-recorded"
        data-pace={startedPace ?? 'instant'}
        title="The pace the run started at"
      >
        {PACE_LABELS[startedPace ?? 'instant']}
      </span>
    );
  }
  const change = async (next: Pace) => {
    setProblem(null);
    try {
      setPace((await changeRunPace(runId, next)).pace ?? next);
    } catch (e) {
      setProblem(e instanceof ApiError && e.status === 409 ? 'the run has ended' : errorMessage(e));
    }
  };
  return (
    <select
      aria-label="Pace of this run"
      title={problem ?? 'How fast the rest of this run goes'}
      value={shown}
      onChange={(e) => void change(e.target.value as Pace)}
      data-testid="run-pace"
      data-pace={shown}
      className="h-6 w-[6.5rem] shrink-0 rounded border border-zinc-300 bg-white px-1 text-[11px] dark:border-zinc-700 dark:bg-zinc-900"
    >
      {PACES.map((p) => (
        <option key={p} value={p}>
          {PACE_LABELS[p]}
        </option>
      ))}
    </select>
  );
}
