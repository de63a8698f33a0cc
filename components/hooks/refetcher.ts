/**
 * One resource fetched over and over (usePolling's engine, framework-free so it is unit-tested):
 * at most one request at a time. A timer's poll while a request is out is skipped. A refresh (the
 * user just changed something) while a request is out is queued instead: that request may have
 * been answered before the change, so its answer is dropped and one more fetch runs as soon as it
 * is back, however many refreshes asked meanwhile; every caller's promise settles with that fetch.
 */
export type Fetched<T> = { ok: true; data: T } | { ok: false; error: unknown };

export interface Refetcher {
  /** A timer's tick: fetch unless a request is already out. */
  poll: () => Promise<void>;
  /** Fetch an answer that is sure to postdate this call. */
  refresh: () => Promise<void>;
}

export function createRefetcher<T>(load: () => Promise<T>, apply: (result: Fetched<T>) => void): Refetcher {
  let inFlight: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  let outdated = false;

  const run = (): Promise<void> => {
    outdated = false;
    const request = (async () => {
      let result: Fetched<T>;
      try {
        result = { ok: true, data: await load() };
      } catch (error) {
        result = { ok: false, error };
      }
      inFlight = null;
      if (!outdated) apply(result);
    })();
    inFlight = request;
    return request;
  };

  return {
    poll: () => inFlight ?? run(),
    refresh: () => {
      if (!inFlight) return run();
      outdated = true;
      queued ??= inFlight.then(() => {
        queued = null;
        return run();
      });
      return queued;
    },
  };
}
