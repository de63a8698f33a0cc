import type { SearchTerm } from './fts-query';

/**
 * Where a search matched, in words: a short window of an event's searchable text around the first
 * place the terms occur, with every occurrence marked. Pure and engine-free (the index only says
 * which events match; FTS5's own snippet() needs the text stored in the index, which ours is not):
 * tokens are runs of letters and digits compared case- and accent-insensitively, as the index's
 * tokenizer does, so what is marked is what matched.
 */

export interface SnippetPart {
  text: string;
  /** This part is a searched term. */
  hit: boolean;
}

const TOKEN = /[\p{L}\p{N}]+/gu;
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const words = (s: string) => [...fold(s).matchAll(TOKEN)].map((m) => m[0]);

interface Token {
  start: number;
  end: number;
  word: string;
}

/** The [start, end) character ranges of `body` that the terms match. */
export function matchRanges(body: string, terms: readonly SearchTerm[]): [number, number][] {
  const tokens: Token[] = [...body.matchAll(TOKEN)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    word: fold(m[0]),
  }));
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const want = words(term.text);
    if (want.length === 0) continue;
    for (let i = 0; i + want.length <= tokens.length; i++) {
      const ok = want.every((w, k) => {
        const last = k === want.length - 1;
        return term.prefix && last ? tokens[i + k].word.startsWith(w) : tokens[i + k].word === w;
      });
      if (ok) ranges.push([tokens[i].start, tokens[i + want.length - 1].end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  // Overlapping ranges (two terms on one word) become one.
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

/** A window of about `width` characters of `body` around its first match, matches marked; the start of the text when nothing matches. */
export function snippet(body: string, terms: readonly SearchTerm[], width = 160): SnippetPart[] {
  const text = body.replace(/\s+/g, ' ');
  const ranges = matchRanges(text, terms);
  const [first, firstEnd] = ranges[0] ?? [0, 0];
  let start = Math.max(0, first - Math.floor(width / 3));
  let end = Math.min(text.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  // Whole words at the edges, where there is a space to cut at (JSON has none): never past the first match.
  const space = text.indexOf(' ', start);
  if (start > 0 && space !== -1 && space < first) start = space + 1;
  const lastSpace = text.lastIndexOf(' ', end);
  if (end < text.length && lastSpace >= firstEnd && lastSpace > start) end = lastSpace;
  const parts: SnippetPart[] = [];
  const push = (from: number, to: number, hit: boolean) => {
    if (to > from) parts.push({ text: text.slice(from, to), hit });
  };
  if (start > 0) parts.push({ text: '…', hit: false });
  let at = start;
  for (const [s, e] of ranges) {
    if (e <= start || s >= end) continue;
    push(at, Math.max(at, s), false);
    push(Math.max(at, s), Math.min(e, end), true);
    at = Math.min(e, end);
  }
  push(at, end, false);
  if (end < text.length) parts.push({ text: '…', hit: false });
  return parts;
}
