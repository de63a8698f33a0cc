/**
 * Text a model wrote, made safe to store and show to people: control characters (C0 but tab and
 * newline, DEL, C1) and the bidirectional overrides that can disguise what a line says are dropped.
 */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export function plainText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(UNSAFE, '');
}
