'use client';

import { useEffect, useState } from 'react';

/**
 * The run's clock while it is live: the last event's time plus what has passed since it was
 * applied (measured here, so a skew between the server's and the browser's clocks does not
 * matter). Open spans in the timeline grow to it. undefined once the run is over.
 */
export function useLiveNow(
  lastTs: number | null,
  appliedAt: number,
  running: boolean,
  tickMs = 250,
): number | undefined {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setTick(performance.now()), tickMs);
    return () => clearInterval(timer);
  }, [running, tickMs]);
  if (!running || lastTs === null) return undefined;
  return lastTs + Math.max(0, Math.max(tick, appliedAt) - appliedAt);
}
