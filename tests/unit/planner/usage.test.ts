import { describe, expect, it } from 'vitest';
import { countTokens, ID_CHARS, withFixedSizeIds } from '@/lib/planner/usage';

describe('offline token counts', () => {
  it('count about four characters a token', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('Reserve the stock, then authorize the card.')).toBe(Math.ceil(43 / 4));
  });

  it('count an id at the same size whatever its length, so a run costs the same on any store', () => {
    const sequential = JSON.stringify({
      orderId: 'ord_1',
      text: 'authorize auth_run_1-3 for ord_1 (key ord_1:auth)',
      toolCallId: 'call_x2_4',
    });
    const random = JSON.stringify({
      orderId: 'ord_3fa9b2c1d0e4f5a6b7c8',
      text: 'authorize auth_run_5e0c1d2a3b4f5e6d7c8b-3 for ord_3fa9b2c1d0e4f5a6b7c8 (key ord_3fa9b2c1d0e4f5a6b7c8:auth)',
      toolCallId: 'call_1zk9q_4',
    });
    expect(countTokens(random)).toBe(countTokens(sequential));
    expect(withFixedSizeIds('ord_1 and ord_12345')).toBe(`${'i'.repeat(ID_CHARS)} and ${'i'.repeat(ID_CHARS)}`);
  });

  it('count tool names, snake_case words and demo names without digits as the text they are', () => {
    const text = 'ask_payment_agent payment_authorize cus_ada pm_ada_visa KB-001';
    expect(withFixedSizeIds(text)).toBe(text);
  });
});

describe('countTokens', () => {
  it('counts what withFixedSizeIds leaves, whatever the ids in the text', () => {
    const texts = [
      '',
      'plain words, no ids',
      '{"orderId":"ord_1","runId":"run_abc123XYZ","tool":"payment_authorize"}',
      'ord_12345 cus_ada pm_2 x_y_z9 a_b',
      'id at the end: ntf_cmx7evdhi0000o07d844i186j',
    ];
    for (const text of texts) expect(countTokens(text)).toBe(Math.ceil(withFixedSizeIds(text).length / 4));
  });
});
