/**
 * A person's search text → an FTS5 MATCH expression that cannot be a syntax error. Every term
 * becomes a quoted FTS5 string, so operators, column filters and stray quotes in the input are
 * searched for, never interpreted. Supported: words (all must occur in one event), "a quoted
 * phrase" (those words in that order), and `word*` (a prefix).
 */

export const MAX_SEARCH_TERMS = 16;

/** What the search text asks for; null when it has nothing to search for (no letter or digit). */
export function ftsMatchExpression(text: string): string | null {
  const terms: string[] = [];
  // A quoted phrase (closing quote optional), or a run of non-space characters.
  for (const match of text.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const [, phrase, word] = match;
    const term = phrase !== undefined ? quoted(phrase) : wordTerm(word);
    if (term) terms.push(term);
    if (terms.length === MAX_SEARCH_TERMS) break;
  }
  return terms.length > 0 ? terms.join(' ') : null;
}

function wordTerm(word: string): string | null {
  const prefix = word.length > 1 && word.endsWith('*');
  const term = quoted(prefix ? word.slice(0, -1) : word);
  return term && prefix ? `${term}*` : term;
}

function quoted(text: string): string | null {
  // The tokenizer splits on everything but letters and digits: a term with neither matches nothing.
  if (!/[\p{L}\p{N}]/u.test(text)) return null;
  return `"${text.replaceAll('"', '""')}"`;
}
