import { describe, expect, it } from 'vitest';
import { firstJsonObject, jsonObjectsInText, lastJsonObject, withJsonBlock } from '@/lib/protocol/json-in-text';
import { specialistAnswerSchema } from '@/lib/protocol/tasks';

const ANSWER = { action: 'reserve', status: 'ok', result: { orderId: 'o1' } };
const json = JSON.stringify(ANSWER);
const accept = (v: Record<string, unknown>) => {
  const parsed = specialistAnswerSchema.safeParse(v);
  return parsed.success ? parsed.data : null;
};

/** What models write when asked for a JSON answer, as seen from real ones. */
const VARIANTS: [string, string][] = [
  [
    'a multi-line fenced block with a tag',
    `Reserved.\n\n\`\`\`json answer\n${JSON.stringify(ANSWER, null, 2)}\n\`\`\``,
  ],
  ['the one-line form our prompts used to show', `Reserved. \`\`\`json answer ${json}\`\`\``],
  ['an upper-case language tag', `Done.\n\`\`\`JSON\n${json}\n\`\`\``],
  ['a bare fence', `Done.\n\`\`\`\n${json}\n\`\`\``],
  ['bare JSON', json],
  ['bare JSON with prose around it', `Here is my answer: ${json} Let me know if you need more.`],
  [
    'an inline block followed by a proper one',
    `First \`\`\`json {"action":"reserve","status":"failed"}\`\`\` then:\n\`\`\`json answer\n${json}\n\`\`\``,
  ],
  [
    'braces inside strings',
    `\`\`\`json\n{"action":"reserve","status":"ok","result":{"note":"a } and a { in text"}}\n\`\`\``,
  ],
  ['a windows line ending', `Done.\r\n\`\`\`json\r\n${json}\r\n\`\`\``],
];

describe('reading a JSON answer out of prose', () => {
  it.each(VARIANTS)('reads %s', (_name, text) => {
    const answer = lastJsonObject(text, accept);
    expect(answer).not.toBeNull();
    expect(answer?.action).toBe('reserve');
  });

  it('takes the last object the schema accepts, skipping ones it does not', () => {
    const text = `${json}\n\`\`\`json\n{"not": "an answer"}\n\`\`\``;
    expect(lastJsonObject(text, accept)).toMatchObject({ action: 'reserve', status: 'ok' });
  });

  it('prefers the later of two answers', () => {
    const text = `\`\`\`json {"action":"reserve","status":"failed"}\`\`\`\n\`\`\`json\n${json}\n\`\`\``;
    expect(lastJsonObject(text, accept)?.status).toBe('ok');
  });

  it.each([
    ['no JSON at all', 'I reserved the stock for you.'],
    ['a truncated block', `\`\`\`json\n{"action":"reserve","status":"o`],
    ['an array', '```json\n[1, 2]\n```'],
    ['a JSON string', '"ok"'],
    ['invalid JSON', '```json\n{action: reserve}\n```'],
  ])('finds nothing in %s', (_name, text) => {
    expect(lastJsonObject(text, accept)).toBeNull();
  });

  it('finds every object in order, fenced and bare, without reading a fenced one twice', () => {
    const text = `{"a":1} then \`\`\`json\n{"b":2}\n\`\`\` and {"c":{"d":3}}`;
    expect(jsonObjectsInText(text)).toEqual([{ a: 1 }, { b: 2 }, { c: { d: 3 } }]);
  });

  it('reads back what withJsonBlock writes (a task in a prompt)', () => {
    const task = { action: 'authorize', orderId: 'o1', amountCents: 17800 };
    expect(firstJsonObject(withJsonBlock('Authorize it.', 'task', task))).toEqual(task);
  });
});
