/**
 * What is selected on a run page, as it lives in the URL (a deep link to one span, node or edge):
 * ?span=<id> | ?node=<id> | ?edge=<id>, plus &side=b when it is in the compared run.
 */
export interface RunSelection {
  side: 'a' | 'b';
  kind: 'span' | 'node' | 'edge';
  id: string;
}

const KINDS = ['span', 'node', 'edge'] as const;

export function parseSelection(params: URLSearchParams | Record<string, string | undefined>): RunSelection | null {
  const get = (key: string) => (params instanceof URLSearchParams ? (params.get(key) ?? undefined) : params[key]);
  for (const kind of KINDS) {
    const id = get(kind);
    if (id && id.length <= 300) return { kind, id, side: get('side') === 'b' ? 'b' : 'a' };
  }
  return null;
}

/** The query string with this selection (other parameters, like compare=, are kept). */
export function withSelection(search: string, selection: RunSelection | null): string {
  const params = new URLSearchParams(search);
  for (const key of [...KINDS, 'side']) params.delete(key);
  if (selection) {
    params.set(selection.kind, selection.id);
    if (selection.side === 'b') params.set('side', 'b');
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
