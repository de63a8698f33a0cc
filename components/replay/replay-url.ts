/** The replay position in a run page's URL: ?at=<seq> (absent at the end, where the page shows the whole run). */

export function parseAt(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) return null;
  return Number(value);
}

/** The query string with this position (other parameters, like span= or compare=, are kept). */
export function withAt(search: string, seq: number | null): string {
  const params = new URLSearchParams(search);
  if (seq === null) params.delete('at');
  else params.set('at', String(seq));
  const text = params.toString();
  return text ? `?${text}` : '';
}
