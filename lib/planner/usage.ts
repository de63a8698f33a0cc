/** Token-like counts from text (about four characters a token), so cost views work offline. */
export const countTokens = (text: string): number => Math.ceil(text.length / 4);
