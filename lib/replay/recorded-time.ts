import type { ManualClock } from '@/lib/runtime/clock';
import type { TraceAppender } from '@/lib/trace/recorder';

/**
 * A live run reads the wall clock, so how long each step took (the machine's load included) is part
 * of what it met: a card that arrives 2 s after it was requested is there at the third look on a busy
 * machine and at the fourth on an idle one. A sandbox reads a manual clock that only moves when the
 * run sleeps, so on its own it would replay an idle machine.
 *
 * This appender moves the sandbox clock to the time the parent recorded for each event before the
 * sandbox's own event at that position is appended: the services then read the parent's timeline
 * (never less than the time the sandbox's own sleeps add up to), and the events carry the parent's
 * timestamps. Positions are counted from the appends, as the recorder numbers them (from 1).
 * `untilSeq` stops following where a fork leaves the record.
 */
export function followRecordedTime(inner: TraceAppender, clock: ManualClock, recorded: readonly { seq: number; ts: number }[], untilSeq = Number.POSITIVE_INFINITY): TraceAppender {
  const tsBySeq = new Map(recorded.map((event) => [event.seq, event.ts]));
  let nextSeq = 1;
  return {
    append(runId, event) {
      const seq = nextSeq++;
      const ts = seq < untilSeq ? tsBySeq.get(seq) : undefined;
      if (ts !== undefined && ts > clock.now()) clock.advance(ts - clock.now());
      return inner.append(runId, event);
    },
  };
}
