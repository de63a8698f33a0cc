import { describe, expect, it } from 'vitest';
import { foldSpans } from '@/lib/trace/projections/spans';
import { axisTicks, spanTitle } from '@/components/trace/span-label';
import { sampleCheckoutRun } from '../../../support/trace/sample-run';

const state = foldSpans(sampleCheckoutRun());
const title = (id: string) => spanTitle(state.spans[id], state.spans[id]);

describe('span titles', () => {
  it('names each kind the way a person scans for it', () => {
    expect(title('run')).toBe('run (agents)');
    expect(title('s8')).toBe('PaymentAgent');
    expect(title('s2')).toBe('plan step 0');
    expect(title('s9')).toBe('payment.authorize');
    expect(title('s3')).toBe('ask_inventory_agent');
    expect(title('s3/msg-5')).toBe('CheckoutAgent → InventoryAgent');
  });

  it('names a service call by where it landed, whatever the tool is called', () => {
    const span = {
      ...state.spans.s9,
      attributes: { ...state.spans.s9.attributes, 'gen_ai.tool.name': 'payment_authorize_card' },
    };
    expect(spanTitle(span, span)).toBe('payment.authorize');
  });
});

describe('time axis ticks', () => {
  it('uses round steps that cover the duration', () => {
    expect(axisTicks(1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(axisTicks(41, 6)).toEqual([0, 10, 20, 30, 40]);
    expect(axisTicks(0)).toEqual([0]);
    // A run of (almost) no duration gets whole-millisecond ticks, not six labels reading "0 ms".
    expect(axisTicks(1, 6)).toEqual([0, 1]);
  });
});
