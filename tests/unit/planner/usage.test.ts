import { describe, expect, it } from 'vitest';
import { countMessageTokens, countTokens, ID_CHARS, withFixedSizeIds } from '@/lib/planner/usage';

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

describe('countMessageTokens', () => {
  const conversation: object[] = [
    { role: 'system', content: 'You are the PaymentAgent. Ids look like ord_1 or pm_ada_visa.' },
    { role: 'user', content: [{ type: 'text', text: 'Authorize ord_3fa9b2c1d0e4f5a6b7c8 with pm_2' }] },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'The card pm_2 is usable.' },
        { type: 'tool-call', toolCallId: 'call_1zk9q_4', toolName: 'payment_authorize', input: { orderId: 'ord_1' } },
      ],
    },
    {
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'call_1zk9q_4',
          toolName: 'payment_authorize',
          output: { type: 'json', value: { authorizationId: 'auth_run_5e0c-3', last: 'ord_9' } },
        },
      ],
    },
  ];

  it('is countTokens of the whole conversation as JSON, step after step, seen before or not', () => {
    expect(countMessageTokens([])).toBe(countTokens('[]'));
    // Each step sends the conversation again, one message longer: the earlier ones come from memory.
    for (let n = 1; n <= conversation.length; n++) {
      const sent = conversation.slice(0, n);
      expect(countMessageTokens(sent)).toBe(countTokens(JSON.stringify(sent)));
      expect(countMessageTokens(sent)).toBe(countTokens(JSON.stringify(sent)));
    }
  });

  it('counts a message alike wherever it stands in the conversation', () => {
    const reversed = [...conversation].reverse();
    expect(countMessageTokens(reversed)).toBe(countTokens(JSON.stringify(reversed)));
  });
});
