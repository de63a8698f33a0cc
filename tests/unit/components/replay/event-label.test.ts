import { describe, expect, it } from 'vitest';
import { foldSpans } from '@/lib/trace/projections/spans';
import { eventLabel, spanIdOf } from '@/components/replay/event-label';
import { marksOf } from '@/components/replay/replay-marks';
import { sampleCheckoutRun } from '../../../support/trace/sample-run';

const events = sampleCheckoutRun('run_l');

describe('event labels', () => {
  it('say what happened, who did it and the detail that matters', () => {
    const label = (type: string, nth = 0) => eventLabel(events.filter((e) => e.type === type)[nth]);
    expect(label('run.started')).toBe('run started · agents · offline');
    expect(label('model.step')).toBe('CheckoutAgent · plan step 0 → ask_inventory_agent');
    expect(label('tool.call')).toBe('CheckoutAgent · call ask_inventory_agent');
    expect(label('message.sent')).toBe('CheckoutAgent → InventoryAgent · request · reserve o1');
    expect(label('fault.injected')).toBe('⚡ injected decline on payment.authorize');
    expect(events.map(eventLabel).find((l) => l.includes('failed'))).toBe(
      'PaymentAgent · authorize failed · card_declined',
    );
  });

  it('name the span each event is shown in, as the spans projection has it', () => {
    const spans = foldSpans(events);
    for (const e of events) expect(Object.hasOwn(spans.spans, spanIdOf(e)), `${e.type} #${e.seq}`).toBe(true);
  });
});

describe('replay track marks', () => {
  it('mark where tools failed and faults fired, at their position, a fault outranking an error', () => {
    const marks = marksOf(events);
    const fault = events.findIndex((e) => e.type === 'fault.injected');
    const error = events.findIndex((e) => e.type === 'tool.result' && e.data.status === 'error');
    expect(marks).toEqual([
      { at: (fault + 1) / events.length, kind: 'fault' },
      { at: (error + 1) / events.length, kind: 'error' },
    ]);
  });

  it('cover the whole of a huge run with at most one mark per slot', () => {
    const failing = events.filter(
      (e) => e.type === 'fault.injected' || (e.type === 'tool.result' && e.data.status === 'error'),
    );
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...failing[i % failing.length], seq: i + 1 }));
    const marks = marksOf(many);
    expect(marks.length).toBeLessThanOrEqual(300);
    expect(marks.length).toBeGreaterThan(250);
    expect(Math.max(...marks.map((m) => m.at))).toBeGreaterThan(0.99);
  });
});
