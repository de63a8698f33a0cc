import type { ReactNode } from 'react';

/** A bordered box with an optional title row; the building block of every page. */
export function Panel({
  title,
  actions,
  children,
  className = '',
  bodyClassName = 'p-3',
  testId,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  bodyClassName?: string;
  testId?: string;
}) {
  return (
    <section
      data-testid={testId}
      className={`rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900 ${className}`}
    >
      {(title || actions) && (
        <header className="flex h-9 items-center gap-2 border-b border-zinc-200 px-3 dark:border-zinc-800">
          {title && (
            <h2 className="truncate text-xs font-semibold uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
              {title}
            </h2>
          )}
          {actions && <div className="ml-auto flex items-center gap-2">{actions}</div>}
        </header>
      )}
      <div className={bodyClassName}>{children}</div>
    </section>
  );
}
