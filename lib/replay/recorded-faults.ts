import { createMemoryFaultInjector } from '@/lib/faults/memory-injector';
import type { FaultInjector } from '@/lib/faults/injector';
import { ruleFromRow, type FaultRule } from '@/lib/faults/rule-schema';
import type { Clock } from '@/lib/runtime/clock';
import { isRunEnd, type TraceEvent } from '@/lib/trace/events';
import type { TraceAppender } from '@/lib/trace/recorder';
import { recordedFaultRuleSchema } from '@/lib/wire/fault-rules';

/**
 * The fault rules a run lived through, replayed: the rules at its start, then each
 * `faults.changed` it recorded, applied at the same place in the event sequence, so that a
 * re-run meets the same rules at the same steps and records the same changes.
 */

/** Recorded rules back as rules; one that no longer parses is left out, as the live injector ignores it. */
export function recordedRules(rows: readonly unknown[]): FaultRule[] {
  return rows.flatMap((row) => {
    const parsed = recordedFaultRuleSchema.safeParse(row);
    // Creation order is the list's order: the injector takes the first rule that holds.
    const rule = parsed.success
      ? ruleFromRow({ ...parsed.data, createdAt: new Date(0), updatedAt: new Date(0) })
      : null;
    return rule ? [rule] : [];
  });
}

export interface RecordedFaultChange {
  /** Where the change sits in the run's events. */
  seq: number;
  /** The rules in force from there on. */
  rules: FaultRule[];
  /** The event's payload, re-emitted as it was. */
  data: { rules: unknown[] };
}

export function recordedFaultChanges(events: readonly TraceEvent[]): RecordedFaultChange[] {
  return events.flatMap((e) =>
    e.type === 'faults.changed' ? [{ seq: e.seq, rules: recordedRules(e.data.rules), data: e.data }] : [],
  );
}

export interface FaultSchedule {
  /** Asks the rules in force at this point of the run. */
  faults: FaultInjector;
  /** Wraps the run's appender: once event seq−1 is appended, the change recorded at seq is appended and takes effect. */
  recording(inner: TraceAppender): TraceAppender;
}

/**
 * In memory, like a sandbox's injector. The position is counted from the appends (the recorder
 * numbers a run's appends in call order, from 1), not from the clock, so it is deterministic; the
 * change is applied synchronously after the previous append, before the run's next step can ask.
 */
export function faultSchedule(
  initial: FaultRule[],
  changes: readonly RecordedFaultChange[],
  clock: Clock,
): FaultSchedule {
  let current = createMemoryFaultInjector(initial, clock);
  const pending = [...changes].sort((a, b) => a.seq - b.seq);
  let nextSeq = 1;
  return {
    faults: { check: (call) => current.check(call) },
    recording: (inner) => ({
      append(runId, event) {
        const appended = [inner.append(runId, event)];
        nextSeq += 1;
        // A re-run that ended sooner than its parent has nothing left to change (and cannot record more).
        if (isRunEnd(event)) pending.length = 0;
        while (pending.length > 0 && pending[0].seq <= nextSeq) {
          const change = pending.shift()!;
          current = createMemoryFaultInjector(change.rules, clock);
          appended.push(
            inner.append(runId, {
              type: 'faults.changed',
              spanId: 'run',
              parentSpanId: null,
              agent: null,
              data: change.data,
            }),
          );
          nextSeq += 1;
        }
        // Without a change this is the inner append itself (not a tick later). With one, the caller waits for its own
        // event and the change behind it, so a change that fails to record fails that append too rather than going unseen.
        return appended.length === 1 ? appended[0] : Promise.all(appended).then(([own]) => own);
      },
    }),
  };
}
