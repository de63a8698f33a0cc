/**
 * A person's search text → an FTS5 MATCH expression that cannot be a syntax error. Every term
 * becomes a quoted FTS5 string, so operators, column filters and stray quotes in the input are
 * searched for, never interpreted. Supported: words (all must occur in one event), "a quoted
 * phrase" (those words in that order), and `word*` (a prefix).
 */

export const MAX_SEARCH_TERMS = 16;

/** One term of a search: a word or a phrase (its text as typed), or a prefix (`word*`). */
export interface SearchTerm {
  text: string;
  prefix: boolean;
}

/** The terms of a person's search text, as the index is asked for them (also what a snippet highlights). */
export function searchTerms(text: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  // A quoted phrase (closing quote optional), or a run of non-space characters.
  for (const match of text.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const [, phrase, word] = match;
    const prefix = phrase === undefined && word.length > 1 && word.endsWith('*');
    const term = phrase ?? (prefix ? word.slice(0, -1) : word);
    // The tokenizer splits on everything but letters and digits: a term with neither matches nothing.
    if (!/[\p{L}\p{N}]/u.test(term)) continue;
    terms.push({ text: term, prefix });
    if (terms.length === MAX_SEARCH_TERMS) break;
  }
  return terms;
}

/** What the search text asks for; null when it has nothing to search for (no letter or digit). */
export function ftsMatchExpression(text: string): string | null {
  const terms = searchTerms(text).map((t) => `"${t.text.replaceAll('"', '""')}"${t.prefix ? '*' : ''}`);
  return terms.length > 0 ? terms.join(' ') : null;
}
