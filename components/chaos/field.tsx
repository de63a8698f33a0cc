import type { ReactNode } from 'react';

/** A labelled form control with room for its error, reserved so the form does not jump. */
export function Field({
  label,
  error,
  children,
  className = '',
}: {
  label: string;
  error?: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <label className={`flex min-w-0 flex-col gap-0.5 text-xs ${className}`}>
      <span className="text-zinc-500">{label}</span>
      {children}
      {error && (
        <span className="text-[11px] text-red-600 dark:text-red-400" data-testid="field-error">
          {error}
        </span>
      )}
    </label>
  );
}

export const inputClass =
  'h-7 min-w-0 rounded border border-zinc-300 bg-white px-1.5 text-xs text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100';
