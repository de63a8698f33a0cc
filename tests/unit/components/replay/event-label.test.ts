import { describe, expect, it } from 'vitest';
import { foldSpans } from '@/lib/trace/projections/spans';
import { eventLabel, spanIdOf } from '@/components/replay/event-label';
import { sampleCheckoutRun } from '../../trace/support/sample-run';

const events = sampleCheckoutRun('run_l');

describe('event labels', () => {
  it('say what happened, who did it and the detail that matters', () => {
    const label = (type: string, nth = 0) => eventLabel(events.filter((e) => e.type === type)[nth]);
    expect(label('run.started')).toBe('run started · agents · offline');
    expect(label('model.step')).toBe('CheckoutAgent · plan step 0 → ask_inventory_agent');
    expect(label('tool.call')).toBe('CheckoutAgent · call ask_inventory_agent');
    expect(label('message.sent')).toBe('CheckoutAgent → InventoryAgent · request · reserve o1');
    expect(label('fault.injected')).toBe('⚡ injected decline on payment.authorize');
    expect(events.map(eventLabel).find((l) => l.includes('failed'))).toBe('PaymentAgent · authorize failed · card_declined');
  });

  it('name the span each event is shown in, as the spans projection has it', () => {
    const spans = foldSpans(events);
    for (const e of events) expect(Object.hasOwn(spans.spans, spanIdOf(e)), `${e.type} #${e.seq}`).toBe(true);
  });
});
