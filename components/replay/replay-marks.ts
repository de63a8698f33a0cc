import type { TraceEvent } from '@/lib/trace/events';

/** The track is cut into this many slots; a slot is marked if any event in it failed or had a fault injected (a huge run stays cheap to draw, and its marks cover all of it). */
const SLOTS = 300;

export interface Mark {
  /** Where the slot starts, as a share of the run (0..1). */
  at: number;
  kind: 'error' | 'fault';
}

export function marksOf(events: readonly TraceEvent[]): Mark[] {
  const slots = new Map<number, Mark['kind']>();
  const per = Math.max(1, events.length / SLOTS);
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const kind =
      e.type === 'fault.injected' ? 'fault' : e.type === 'tool.result' && e.data.status === 'error' ? 'error' : null;
    if (!kind) continue;
    const slot = Math.floor(i / per);
    // An injected fault outranks a plain error in the same slot.
    if (slots.get(slot) !== 'fault') slots.set(slot, kind);
  }
  return [...slots].map(([slot, kind]) => ({ at: Math.min(1, (slot * per + 1) / Math.max(1, events.length)), kind }));
}
