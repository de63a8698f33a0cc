'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RunView } from '@/lib/trace/projections/run-view';
import { positionOfSeq, seqAt, viewAt, type ReplayLog } from './replay-log';

export const SPEEDS = [1, 2, 5, 10, 25] as const;
export type Speed = (typeof SPEEDS)[number];
/** Events per second at 1×. */
const BASE_RATE = 4;

export interface Replay {
  /** Events applied at the current position (total = the whole run). */
  position: number;
  total: number;
  /** The seq of the last event applied (0 before the first). */
  seq: number;
  /** The state of the run at the position. */
  view: RunView;
  playing: boolean;
  speed: Speed;
  /** Whether the position is before the end (the page shows a past state). */
  replaying: boolean;
  /** The seq the URL should hold (?at=): the position while replaying, a deep link's until the run is loaded, else null. */
  linkSeq: number | null;
  seek: (position: number) => void;
  step: (delta: number) => void;
  togglePlay: () => void;
  setSpeed: (speed: Speed) => void;
}

/**
 * A replay of a recorded run: a position in its event log, a player that moves it one event at a
 * time, and the view folded up to it. `enabled` is false while the run is still going (the page
 * shows the live view then). `initialSeq` (the ?at= of the URL) is where it opens once the log is there.
 */
export function useReplay(log: ReplayLog, fullView: RunView, enabled: boolean, initialSeq: number | null): Replay {
  const total = log.events.length;
  // null: at the end (the full, live view).
  const [position, setPosition] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(5);
  const [pendingSeq, setPendingSeq] = useState(initialSeq);

  // A deep link opens at its step as soon as the run's log is complete.
  if (enabled && pendingSeq !== null && total > 0) {
    setPendingSeq(null);
    const at = positionOfSeq(log, pendingSeq);
    setPosition(at >= total ? null : at);
  }

  const current = enabled && position !== null ? Math.min(position, total) : total;
  // The player ran off the end.
  if (playing && current >= total) setPlaying(false);
  // log grows in place; total and fullView change with it.
  const view = useMemo(() => (current >= total ? fullView : viewAt(log, current)), [log, current, total, fullView]);

  const seek = useCallback(
    (to: number) => {
      const p = Math.max(0, Math.min(total, Math.round(to)));
      setPosition(p >= total ? null : p);
      if (p >= total) setPlaying(false);
    },
    [total],
  );
  const step = useCallback(
    (delta: number) => {
      setPlaying(false);
      seek(current + delta);
    },
    [current, seek],
  );
  const togglePlay = useCallback(() => {
    if (!enabled || total === 0) return;
    if (!playing && current >= total) setPosition(0);
    setPlaying((p) => !p);
  }, [enabled, total, playing, current]);

  useEffect(() => {
    if (!playing || !enabled) return;
    const timer = setInterval(
      () => {
        setPosition((p) => (p === null || p + 1 >= total ? null : p + 1));
      },
      1000 / (BASE_RATE * speed),
    );
    return () => clearInterval(timer);
  }, [playing, enabled, speed, total]);

  const seq = seqAt(log, current);
  const linkSeq = current < total ? seq : pendingSeq;
  return {
    position: current,
    total,
    seq,
    view,
    playing: playing && enabled,
    speed,
    replaying: current < total,
    linkSeq,
    seek,
    step,
    togglePlay,
    setSpeed,
  };
}
