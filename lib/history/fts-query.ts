/**
 * A person's search text → an FTS5 MATCH expression that cannot be a syntax error. Every term
 * becomes a quoted FTS5 string, so operators, column filters and stray quotes in the input are
 * searched for, never interpreted. Supported: words (all must occur in one event), "a quoted
 * phrase" (those words in that order), and `word*` (a prefix).
 */

export const MAX_SEARCH_TERMS = 16;

/** One thing to find: a word or a phrase (its words in order), the last word a prefix when `prefix`. */
export interface SearchTerm {
  text: string;
  prefix: boolean;
}

/** The terms of a search text, each with a letter or digit (the tokenizers split on everything else). */
export function searchTerms(text: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  // A quoted phrase (closing quote optional), or a run of non-space characters.
  for (const match of text.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const [, phrase, word] = match;
    const prefix = phrase === undefined && word.length > 1 && word.endsWith('*');
    const term = phrase ?? (prefix ? word.slice(0, -1) : word);
    // A term with no letter or digit matches nothing.
    if (/[\p{L}\p{N}]/u.test(term)) terms.push({ text: term, prefix });
    if (terms.length === MAX_SEARCH_TERMS) break;
  }
  return terms;
}

/** What the search text asks for; null when it has nothing to search for (no letter or digit). */
export function ftsMatchExpression(text: string): string | null {
  const terms = searchTerms(text).map(({ text: term, prefix }) => `"${term.replaceAll('"', '""')}"${prefix ? '*' : ''}`);
  return terms.length > 0 ? terms.join(' ') : null;
}
