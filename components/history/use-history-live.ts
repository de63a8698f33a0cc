'use client';

import { useEffect, useRef, useState } from 'react';
import { readyFrameSchema, runChangeFrameSchema, type RunChangeFrame } from '../api/history';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'polling';

/** An idle feed ends now and then and the browser reconnects at once: only a longer gap is shown as one. */
const RECONNECT_GRACE_MS = 3000;

/**
 * Follows GET /api/runs/live for the list's filters. `ready` comes once the feed is subscribed
 * (first time and after every reconnect). After a reconnect the browser sends Last-Event-ID and the
 * feed says `resumed`: the runs changed meanwhile follow as frames. Otherwise (first time, or too
 * long away) the caller re-reads its page, so nothing that changed while no feed was open is
 * missed. If the feed cannot be opened at all, the page is re-read every few seconds instead.
 */
export function useHistoryLive(
  filterQuery: string,
  handlers: { onFrame: (frame: RunChangeFrame) => void; onReady: () => void },
  pollMs = 3000,
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });

  useEffect(() => {
    let closed = false;
    let opened = false;
    let poll: ReturnType<typeof setInterval> | undefined;
    let grace: ReturnType<typeof setTimeout> | undefined;
    const source = new EventSource(`/api/runs/live${filterQuery ? `?${filterQuery}` : ''}`);
    source.addEventListener('ready', (message) => {
      opened = true;
      clearTimeout(grace);
      grace = undefined;
      setStatus('live');
      let resumed = false;
      try {
        resumed = readyFrameSchema.safeParse(JSON.parse((message as MessageEvent<string>).data)).data?.resumed === true;
      } catch {
        // Not JSON: read the page again, the safe way.
      }
      if (!resumed) ref.current.onReady();
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
      if (source.readyState === EventSource.CLOSED) {
        // Refused for good (no feed on this server, or it turned the reconnect away): read the page now and then.
        clearTimeout(grace);
        setStatus('polling');
        if (opened) ref.current.onReady();
        poll ??= setInterval(() => {
          if (document.visibilityState === 'visible') ref.current.onReady();
        }, pollMs);
      } else grace ??= setTimeout(() => setStatus('reconnecting'), RECONNECT_GRACE_MS);
    };
    return () => {
      closed = true;
      source.close();
      clearInterval(poll);
      clearTimeout(grace);
    };
  }, [filterQuery, pollMs]);

  return status;
}
