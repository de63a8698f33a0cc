'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/http';

export interface Polled<T> {
  data: T | undefined;
  error: string | null;
  /** Fetch now (after a change the user made), without waiting for the next tick. */
  refresh: () => Promise<void>;
}

/**
 * Fetches on mount and then every intervalMs while the tab is visible; one request
 * at a time, and the last good data stays on screen when a request fails.
 * intervalMs null fetches once; stopWhen ends the polling once the data says so
 * (a batch that has finished).
 */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number | null, stopWhen?: (data: T) => boolean): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  const stopRef = useRef(stopWhen);
  const stopped = useRef(false);
  const inFlight = useRef(false);
  useEffect(() => {
    loadRef.current = load;
    stopRef.current = stopWhen;
  });

  const refresh = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    try {
      const next = await loadRef.current();
      if (stopRef.current?.(next)) stopped.current = true;
      setData(next);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      inFlight.current = false;
    }
  }, []);

  useEffect(() => {
    void refresh();
    if (intervalMs === null) return;
    const timer = setInterval(() => {
      if (stopped.current) clearInterval(timer);
      else if (document.visibilityState === 'visible') void refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [refresh, intervalMs]);

  return { data, error, refresh };
}
