'use client';

import { PACE_LABELS, PACES, type Pace } from '@/lib/runtime/pace';

const TITLES: Record<Pace, string> = {
  instant: 'as fast as the machine goes',
  real_time: 'model steps ~0.6–1.2 s, service calls ~0.15–0.4 s',
  slow_motion: 'three times slower than real time',
};

/** instant / real time / slow motion, as a small segmented control (the store's and the run page's). */
export function PacePicker({
  value,
  onChange,
  disabled = false,
  testIdPrefix = 'pace',
}: {
  value: Pace;
  onChange(pace: Pace): void;
  disabled?: boolean;
  testIdPrefix?: string;
}) {
  return (
    <div
      role="radiogroup"
      aria-label="Pace"
      className="inline-flex shrink-0 rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700"
      data-testid={`${testIdPrefix}-picker`}
      data-pace={value}
    >
      {PACES.map((pace) => (
        <button
          key={pace}
          type="button"
          role="radio"
          aria-checked={value === pace}
          disabled={disabled}
          title={TITLES[pace]}
          data-testid={`${testIdPrefix}-${pace}`}
          onClick={() => onChange(pace)}
          className={`h-6 whitespace-nowrap rounded px-1.5 text-[11px] disabled:opacity-50 ${value === pace ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900' : 'text-zinc-600 dark:text-zinc-400'}`}
        >
          {PACE_LABELS[pace]}
        </button>
      ))}
    </div>
  );
}
