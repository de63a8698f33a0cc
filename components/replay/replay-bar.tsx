'use client';

import { memo, useMemo } from 'react';
import { Button, Kbd } from '../ui/button';
import { formatDuration } from '../ui/format';
import type { ReplayLog } from './replay-log';
import { eventLabel } from './event-label';
import { marksOf, type Mark } from './replay-marks';
import { SPEEDS, type Replay, type Speed } from './use-replay';

const Track = memo(function Track({ marks }: { marks: Mark[] }) {
  return (
    <div className="pointer-events-none absolute inset-x-0 top-0 h-1.5" aria-hidden>
      {marks.map((m) => (
        <span
          key={m.at}
          className={`absolute h-1.5 w-0.5 ${m.kind === 'fault' ? 'bg-amber-500' : 'bg-red-500'}`}
          style={{ left: `${m.at * 100}%` }}
        />
      ))}
    </div>
  );
});

/**
 * The replay controls: start, step back, play/pause, step forward, end, a scrubber over every event
 * (with marks where tools failed and faults were injected), the speed, and what the current event is.
 * Keys (page-wide, see the workspace): ←/→ step, Shift+←/→ ten steps, space plays or pauses.
 */
export function ReplayBar({
  replay,
  log,
  enabled,
  followStep,
  onFollowStep,
}: {
  replay: Replay;
  log: ReplayLog;
  enabled: boolean;
  followStep: boolean;
  onFollowStep: (on: boolean) => void;
}) {
  const { position, total, playing } = replay;
  const events = log.events;
  // The log grows in place while the run streams: recount marks when its length changes.
  const marks = useMemo(() => (enabled ? marksOf(events) : []), [events, enabled, total]); // eslint-disable-line react-hooks/exhaustive-deps
  const current = position > 0 ? events[position - 1] : undefined;
  const startTs = events[0]?.ts ?? 0;
  const disabled = !enabled || total === 0;

  return (
    <div
      className="flex min-h-11 flex-wrap items-center gap-2 px-3 py-1.5 text-xs"
      data-testid="replay-bar"
      data-enabled={enabled}
      data-position={position}
      data-total={total}
      data-seq={replay.seq}
      data-playing={playing}
    >
      <div className="flex shrink-0 items-center gap-0.5">
        <Button
          size="sm"
          variant="ghost"
          disabled={disabled || position === 0}
          onClick={() => replay.seek(0)}
          aria-label="To the start"
          title="To the start"
        >
          |◀
        </Button>
        <Button
          size="sm"
          variant="ghost"
          disabled={disabled || position === 0}
          onClick={() => replay.step(-1)}
          aria-label="Step back"
          title="Step back (←)"
          data-testid="replay-back"
        >
          ◀
        </Button>
        <Button
          size="sm"
          variant={playing ? 'secondary' : 'primary'}
          disabled={disabled}
          onClick={replay.togglePlay}
          aria-label={playing ? 'Pause' : 'Play'}
          title="Play / pause (space)"
          data-testid="replay-play"
          className="w-16"
        >
          {playing ? '❚❚ pause' : '▶ play'}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          disabled={disabled || position >= total}
          onClick={() => replay.step(1)}
          aria-label="Step forward"
          title="Step forward (→)"
          data-testid="replay-forward"
        >
          ▶
        </Button>
        <Button
          size="sm"
          variant="ghost"
          disabled={disabled || position >= total}
          onClick={() => replay.seek(total)}
          aria-label="To the end"
          title="To the end"
        >
          ▶|
        </Button>
      </div>
      {/* Placed from the fixed buttons, not after the scrubber, and of fixed sizes: nothing here moves as a run streams in and ends. */}
      <span
        className="w-24 shrink-0 font-mono tabular-nums text-zinc-600 dark:text-zinc-300"
        data-testid="replay-counter"
      >
        {enabled ? `${replay.seq} / ${total}` : '—'}
      </span>
      <select
        className="h-6 shrink-0 rounded border border-zinc-300 bg-white px-1 text-xs dark:border-zinc-700 dark:bg-zinc-950"
        value={replay.speed}
        disabled={disabled}
        onChange={(e) => replay.setSpeed(Number(e.target.value) as Speed)}
        aria-label="Speed"
        data-testid="replay-speed"
      >
        {SPEEDS.map((s) => (
          <option key={s} value={s}>
            {s}×
          </option>
        ))}
      </select>
      <div className="relative min-w-24 flex-1 pt-1.5">
        <Track marks={marks} />
        <input
          type="range"
          min={0}
          max={total}
          step={1}
          value={position}
          disabled={disabled}
          onChange={(e) => replay.seek(Number(e.target.value))}
          aria-label="Replay position"
          aria-valuetext={current ? `event ${current.seq} of ${total}` : 'before the first event'}
          className="h-3 w-full accent-indigo-600"
          data-testid="replay-scrubber"
        />
      </div>
      <div
        className="flex h-6 min-w-0 flex-[1.3] items-center gap-1.5 truncate text-zinc-600 dark:text-zinc-400"
        data-testid="replay-current"
      >
        {!enabled ? (
          <span className="text-zinc-400">Replay opens when the run has ended.</span>
        ) : !replay.replaying ? (
          <span className="text-zinc-400">
            At the end. <Kbd>←</Kbd> steps back, <Kbd>space</Kbd> replays.
          </span>
        ) : current ? (
          <>
            <span className="font-mono text-zinc-400">+{formatDuration(current.ts - startTs)}</span>
            <span className="truncate" title={eventLabel(current)}>
              {eventLabel(current)}
            </span>
          </>
        ) : (
          <span className="text-zinc-400">Before the first event.</span>
        )}
      </div>
      <label
        className="flex shrink-0 items-center gap-1 text-[11px] text-zinc-500"
        title="The inspector shows the span of the current event"
      >
        <input
          type="checkbox"
          checked={followStep}
          onChange={(e) => onFollowStep(e.target.checked)}
          disabled={disabled}
          className="accent-indigo-600"
          data-testid="replay-follow"
        />
        inspect step
      </label>
    </div>
  );
}
