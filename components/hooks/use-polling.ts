'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/http';
import { createRefetcher, type Refetcher } from './refetcher';

export interface Polled<T> {
  data: T | undefined;
  error: string | null;
  /** Fetch now (after a change the user made), without waiting for the next tick. */
  refresh: () => Promise<void>;
}

/**
 * Fetches on mount and then every intervalMs while the tab is visible; one request
 * at a time (refresh() during one queues a fetch after it: refetcher.ts), and the last good
 * data stays on screen when a request fails.
 * intervalMs null fetches once; stopWhen ends the polling once the data says so
 * (a batch that has finished).
 */
export function usePolling<T>(
  load: () => Promise<T>,
  intervalMs: number | null,
  stopWhen?: (data: T) => boolean,
): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  const stopRef = useRef(stopWhen);
  const stopped = useRef(false);
  useEffect(() => {
    loadRef.current = load;
    stopRef.current = stopWhen;
  });
  // Made on first use (in an effect or a handler), so that render never touches the refs.
  const fetcherRef = useRef<Refetcher | null>(null);
  const fetcher = useCallback(
    () =>
      (fetcherRef.current ??= createRefetcher(
        () => loadRef.current(),
        (result) => {
          if (!result.ok) {
            setError(errorMessage(result.error));
            return;
          }
          if (stopRef.current?.(result.data)) stopped.current = true;
          setData(result.data);
          setError(null);
        },
      )),
    [],
  );
  const refresh = useCallback(() => fetcher().refresh(), [fetcher]);

  useEffect(() => {
    void fetcher().poll();
    if (intervalMs === null) return;
    const timer = setInterval(() => {
      if (stopped.current) clearInterval(timer);
      else if (document.visibilityState === 'visible') void fetcher().poll();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [fetcher, intervalMs]);

  return { data, error, refresh };
}
