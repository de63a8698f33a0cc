import { describe, expect, it } from 'vitest';
import { parseSelection, withSelection } from '@/components/run/selection';

describe('run page selection in the URL', () => {
  it('reads a span, node or edge, on side a unless told b', () => {
    expect(parseSelection(new URLSearchParams('span=s12'))).toEqual({ kind: 'span', id: 's12', side: 'a' });
    expect(parseSelection({ edge: 'tool:PaymentAgent->service:payment', side: 'b' })).toEqual({
      kind: 'edge',
      id: 'tool:PaymentAgent->service:payment',
      side: 'b',
    });
    expect(parseSelection(new URLSearchParams('compare=r2'))).toBeNull();
    expect(parseSelection({ node: 'x'.repeat(301) })).toBeNull();
  });

  it('writes the selection and keeps the other parameters', () => {
    expect(withSelection('?compare=r2&span=s1', { kind: 'node', id: 'agent:PaymentAgent', side: 'b' })).toBe(
      '?compare=r2&node=agent%3APaymentAgent&side=b',
    );
    expect(withSelection('?compare=r2&span=s1&side=b', null)).toBe('?compare=r2');
    expect(withSelection('', null)).toBe('');
  });

  it('round-trips', () => {
    const selection = { kind: 'edge' as const, id: 'message:CheckoutAgent->agent:PaymentAgent', side: 'a' as const };
    expect(parseSelection(new URLSearchParams(withSelection('', selection)))).toEqual(selection);
  });
});
