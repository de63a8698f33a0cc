import { describe, expect, it } from 'vitest';
import { searchTerms } from '@/lib/history/fts-query';
import { matchRanges, snippet } from '@/lib/history/snippet';

const hits = (body: string, q: string) =>
  snippet(body, searchTerms(q))
    .filter((p) => p.hit)
    .map((p) => p.text);

describe('search snippets', () => {
  it('marks words, prefixes and phrases as the index matches them (case and accents aside)', () => {
    expect(hits('The card was Declined; declined again', 'declined')).toEqual(['Declined', 'declined']);
    expect(hits('authorize authorization auth', 'author*')).toEqual(['authorize', 'authorization']);
    expect(hits('use the backup card, not the primary card', '"backup card"')).toEqual(['backup card']);
    expect(hits('Café crème', 'cafe')).toEqual(['Café']);
    // Ids split as the tokenizer splits them.
    expect(hits('{"paymentMethodId":"pm_grace_visa"}', 'pm_grace_visa')).toEqual(['pm_grace_visa']);
  });

  it('shows a window around the first match, with ellipses where the text goes on', () => {
    const body = `${'word '.repeat(100)}the gateway timed out ${'more '.repeat(100)}`;
    const parts = snippet(body, searchTerms('timed'));
    expect(parts[0]).toEqual({ text: '…', hit: false });
    expect(parts.at(-1)).toEqual({ text: '…', hit: false });
    expect(parts.find((p) => p.hit)?.text).toBe('timed');
    expect(parts.map((p) => p.text).join('').length).toBeLessThan(200);
  });

  it('keeps the match in the window when the text has no space to cut at (JSON)', () => {
    const json = JSON.stringify({ before: 'x'.repeat(300), paymentMethodId: 'pm_grace_visa', after: 'y'.repeat(300) });
    const parts = snippet(json, searchTerms('pm_grace_visa'));
    expect(parts.find((p) => p.hit)?.text).toBe('pm_grace_visa');
    expect(parts[0]).toEqual({ text: '…', hit: false });
    expect(parts.at(-1)).toEqual({ text: '…', hit: false });
  });

  it('merges overlapping matches and returns the text start when nothing matches', () => {
    expect(matchRanges('card declined', searchTerms('card "card declined"'))).toEqual([[0, 13]]);
    expect(snippet('nothing here', searchTerms('absent'))).toEqual([{ text: 'nothing here', hit: false }]);
  });
});
