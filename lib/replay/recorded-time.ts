import type { ManualClock } from '@/lib/runtime/clock';
import type { TraceAppender } from '@/lib/trace/recorder';

/**
 * What a run meets (a card's arrival, a fault window) follows its own time (RunClock), which moves
 * only when it waits, so a re-run meets the same things without help. The pace clock is another
 * matter: it stamps the events and measures latencies, and a live run's pace clock is the wall clock
 * (its machine's load included), while a sandbox's is a manual one.
 *
 * This appender moves the sandbox's pace clock to the time the parent recorded for each event before
 * the sandbox's own event at that position is appended, so the re-run's events carry the parent's
 * timestamps (its waterfall looks like the parent's), never less than its own waits add up to.
 * Positions are counted from the appends, as the recorder numbers them (from 1). `untilSeq` stops
 * following where a fork leaves the record.
 */
export function followRecordedTime(
  inner: TraceAppender,
  clock: ManualClock,
  recorded: readonly { seq: number; ts: number }[],
  untilSeq = Number.POSITIVE_INFINITY,
): TraceAppender {
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
