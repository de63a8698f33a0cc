import type { Chunking, SseEvent } from './types';

/** Word-sized pieces: a run of spaces and up to eight characters (code points, never half a surrogate pair). */
const WORD_PIECES = /\s*\S{1,8}|\s+/gu;

/**
 * Cuts one delta (text, reasoning or tool-argument JSON) into the pieces a provider would stream.
 * `mid-token` cuts every one to three characters, so tool arguments are cut inside JSON strings and
 * between a backslash and what it escapes.
 */
export function splitDelta(text: string, chunking: Chunking): string[] {
  if (text === '') return [];
  if (chunking === 'words') return text.match(WORD_PIECES) ?? [text];
  const chars = Array.from(text);
  const pieces: string[] = [];
  for (let at = 0, n = 0; at < chars.length; n++) {
    const size = (n % 3) + 1;
    pieces.push(chars.slice(at, at + size).join(''));
    at += size;
  }
  return pieces;
}

export const encodeSse = (e: SseEvent): string => `${e.event ? `event: ${e.event}\n` : ''}data: ${e.data}\n\n`;

const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/**
 * The bytes to write, in separate writes. `words`: one event a write. `mid-token`: the whole stream
 * cut after the first byte of every multi-byte UTF-8 character, after every backslash (inside JSON
 * escapes), between the two newlines that end an event, and at least every 16 bytes.
 */
export function wireSegments(events: SseEvent[], chunking: Chunking): Buffer[] {
  if (chunking === 'words') return events.map((e) => Buffer.from(encodeSse(e), 'utf8'));
  const bytes = Buffer.from(events.map(encodeSse).join(''), 'utf8');
  const segments: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    const leadsMultiByte = b >= 0xc0;
    const cutAfter =
      leadsMultiByte || b === BACKSLASH || (b === NEWLINE && bytes[i + 1] === NEWLINE) || i + 1 - start >= 16;
    if (cutAfter) {
      segments.push(bytes.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < bytes.length) segments.push(bytes.subarray(start));
  return segments;
}
