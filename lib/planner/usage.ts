/**
 * Token-like counts from text, so cost views work offline: about four characters a token (what
 * tokenizers average over English and JSON), except ids.
 *
 * Ids are minted per store and per run (`ord_1` in a test store, `ord_` + 20 random characters in
 * the app, a run id inside every service id), so a count that followed their length would give the
 * same run on two stores, and a run and its re-run, different usage and cost. Every id is therefore
 * counted as one id of a fixed size (ID_CHARS: a prefix and 20 characters, what `randomIds` mints),
 * whatever its actual length.
 */

/**
 * An id as the services and lib/runtime's id generator mint them: a lowercase prefix, an underscore, then letters,
 * digits, `_` or `-`, with at least one digit (every minted id has one: a counter or random
 * characters; tool names and snake_case keys have none and are counted as text).
 */
const ID_CANDIDATE = /\b[a-z][a-z0-9]*_[A-Za-z0-9_-]+/g;
const HAS_DIGIT = /\d/;

/** The length every id is counted at: `ord_` and 20 characters. */
export const ID_CHARS = 24;
const ID_PLACEHOLDER = 'i'.repeat(ID_CHARS);

/** The text with every id replaced by a placeholder of ID_CHARS characters. */
export function withFixedSizeIds(text: string): string {
  return text.replace(ID_CANDIDATE, (word) => (HAS_DIGIT.test(word) ? ID_PLACEHOLDER : word));
}

/** withFixedSizeIds(text).length / 4, rounded up, without building that text (a prompt is the whole conversation so far). */
export function countTokens(text: string): number {
  let length = text.length;
  for (const [word] of text.matchAll(ID_CANDIDATE)) if (HAS_DIGIT.test(word)) length += ID_CHARS - word.length;
  return Math.ceil(length / 4);
}
