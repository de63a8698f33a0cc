import { describe, expect, it } from 'vitest';
import { changeQuantity, parseCart, serializeCart, MAX_QUANTITY } from '@/components/store/cart-state';

const skus = new Set(['KB-001', 'MS-002']);

describe('the cart in the URL', () => {
  it('round-trips through its text form', () => {
    const cart = parseCart('KB-001:1,MS-002:2', skus);
    expect([...cart]).toEqual([
      ['KB-001', 1],
      ['MS-002', 2],
    ]);
    expect(serializeCart(cart)).toBe('KB-001:1,MS-002:2');
  });

  it('drops unknown skus and bad quantities, merges repeats and caps the quantity', () => {
    expect([...parseCart('XX-999:1,KB-001:0,MS-002:-1,KB-001:abc,KB-001:1.5', skus)]).toEqual([]);
    expect([...parseCart('KB-001,KB-001:2', skus)]).toEqual([['KB-001', 3]]);
    expect(parseCart(`KB-001:${MAX_QUANTITY + 50}`, skus).get('KB-001')).toBe(MAX_QUANTITY);
    expect(parseCart(null, skus).size).toBe(0);
  });

  it('removes a line that reaches zero and never mutates the old cart', () => {
    const one = parseCart('KB-001:1', skus);
    const none = changeQuantity(one, 'KB-001', -1);
    expect(none.size).toBe(0);
    expect(one.get('KB-001')).toBe(1);
    expect(changeQuantity(none, 'MS-002', 2).get('MS-002')).toBe(2);
  });
});
