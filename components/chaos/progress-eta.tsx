import { formatDuration } from '../ui/format';
import { percentDone, remainingMs } from './eta';

/**
 * A job's real progress (items done of all) with the time it has taken and, from its pace so far,
 * about how long is left: the chaos batch and the scorecard both show one.
 */
export function ProgressEta({
  label,
  unit,
  done,
  total,
  elapsedMs,
  testId,
}: {
  label: string;
  unit: string;
  done: number;
  total: number;
  elapsedMs: number;
  testId: string;
}) {
  const pct = percentDone(done, total);
  const left = remainingMs(done, total, elapsedMs);
  const finished = total > 0 && done >= total;
  return (
    <div className="space-y-1" data-testid={testId}>
      <p className="flex gap-2 text-xs text-zinc-500">
        <span className="font-mono tabular-nums" data-testid={`${testId}-count`}>
          {done}/{total} {unit}
        </span>
        <span className="ml-auto font-mono tabular-nums" data-testid={`${testId}-eta`}>
          {finished
            ? `done in ${formatDuration(elapsedMs)}`
            : `${formatDuration(elapsedMs)} so far · ${left === null ? 'estimating time left…' : `about ${formatDuration(left)} left`}`}
        </span>
      </p>
      <div
        className="h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-label={label}
      >
        <div className="h-full bg-indigo-500 transition-[width] duration-500" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}
