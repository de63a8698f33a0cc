/**
 * What is left of a long job, from what it has done so far: the time per finished item times the
 * items still to go. No estimate before the first item is done, nor once all are.
 */
export function remainingMs(done: number, total: number, elapsedMs: number): number | null {
  if (done <= 0 || done >= total || elapsedMs <= 0) return null;
  return (elapsedMs / done) * (total - done);
}

export function percentDone(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
}
