/**
 * Shows any value as indented text. Data from runs can hold anything (an address note with a prompt
 * injection, HTML in an email body): React escapes it, and nothing here ever sets HTML.
 */
export function JsonView({
  value,
  testId,
  maxHeight = 'max-h-64',
}: {
  value: unknown;
  testId?: string;
  maxHeight?: string;
}) {
  return (
    <pre
      data-testid={testId}
      className={`${maxHeight} overflow-auto whitespace-pre-wrap break-words rounded border border-zinc-200 bg-zinc-50 p-2 font-mono text-[11px] leading-snug text-zinc-800 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-300`}
    >
      {formatValue(value)}
    </pre>
  );
}

export function formatValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}
