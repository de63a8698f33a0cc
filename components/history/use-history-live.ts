'use client';

import { useEffect, useRef, useState } from 'react';
import { runChangeFrameSchema, type RunChangeFrame } from '../api/history';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'polling';

/**
 * Follows GET /api/runs/live for the list's filters. `ready` comes once the feed is subscribed
 * (first time and after every reconnect): the caller then re-reads its page, so a run that
 * changed while no feed was open is not missed. If the feed cannot be opened at all, the page is
 * re-read every few seconds instead.
 */
export function useHistoryLive(filterQuery: string, handlers: { onFrame: (frame: RunChangeFrame) => void; onReady: () => void }, pollMs = 3000): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });

  useEffect(() => {
    let closed = false;
    let opened = false;
    let poll: ReturnType<typeof setInterval> | undefined;
    const source = new EventSource(`/api/runs/live${filterQuery ? `?${filterQuery}` : ''}`);
    source.addEventListener('ready', () => {
      opened = true;
      setStatus('live');
      ref.current.onReady();
    });
    source.addEventListener('run', (message) => {
      try {
        const frame = runChangeFrameSchema.safeParse(JSON.parse((message as MessageEvent<string>).data));
        if (frame.success) ref.current.onFrame(frame.data);
      } catch {
        // A frame that is not JSON: the next `ready` re-reads the page anyway.
      }
    });
    source.onerror = () => {
      if (closed) return;
      if (source.readyState === EventSource.CLOSED && !opened) {
        // No feed here (an older server): read the page again now and then.
        setStatus('polling');
        poll = setInterval(() => {
          if (document.visibilityState === 'visible') ref.current.onReady();
        }, pollMs);
      } else setStatus('reconnecting');
    };
    return () => {
      closed = true;
      source.close();
      clearInterval(poll);
    };
  }, [filterQuery, pollMs]);

  return status;
}
