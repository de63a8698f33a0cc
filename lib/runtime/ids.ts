import { randomUUID } from 'node:crypto';

/** Makes ids; a deterministic one (prefix + counter) for reproducible runs. */
export type IdGenerator = (prefix: string) => string;

export const randomIds: IdGenerator = (prefix) => `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;

export function sequentialIds(namespace = ''): IdGenerator {
  const counters = new Map<string, number>();
  return (prefix) => {
    const n = (counters.get(prefix) ?? 0) + 1;
    counters.set(prefix, n);
    return `${prefix}_${namespace}${n}`;
  };
}
