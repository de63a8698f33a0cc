/**
 * Seeded, named random streams (as in Temporal's SDK): the same seed and name give the
 * same sequence, so a fault schedule or a run can be replayed exactly.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
}

/** 32-bit FNV-1a: turns a stream name into a seed component. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: small, fast and good enough for fault schedules (not for secrets). */
export function createRandom(seed: number, stream = ''): Random {
  let state = (seed ^ hashString(stream)) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)) };
}

/** The n-th value (0-based) of a seeded stream, without keeping the stream: for rules evaluated across requests. */
export function nthRandom(seed: number, stream: string, n: number): number {
  return createRandom((seed + Math.imul(n, 0x9e3779b1)) >>> 0, stream).next();
}
