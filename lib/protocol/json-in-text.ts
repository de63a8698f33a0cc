/**
 * The one reader of JSON objects written inside prose: a task in a prompt, or, as a lenient fallback
 * for recorded runs and weak models, an answer a model wrote instead of calling its answer tool.
 *
 * Accepted, in the order they appear in the text: fenced blocks with any language tag or none
 * (```` ```json answer ````, ```` ```JSON ````, a bare ```` ``` ````), on one line or several, and
 * bare objects in the prose around them. What is not a JSON object is skipped.
 */

const FENCE = /```([^\n`]*)\n?([\s\S]*?)```/g;

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The balanced top-level {...} spans of a text, skipping braces inside JSON strings. */
function bareObjects(text: string): { start: number; body: string }[] {
  const found: { start: number; body: string }[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"' && depth > 0) inString = true;
    else if (c === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) found.push({ start, body: text.slice(start, i + 1) });
    }
  }
  return found;
}

/** A fence's body: the JSON may share the opening line with the tag (```json answer {...}```). */
function fenceBody(info: string, body: string): string {
  const brace = info.indexOf('{');
  return brace >= 0 ? `${info.slice(brace)}\n${body}` : body;
}

/** Every JSON object in a text, fenced or bare, in the order they appear. */
export function jsonObjectsInText(text: string): Record<string, unknown>[] {
  const found: { start: number; value: Record<string, unknown> }[] = [];
  let prose = '';
  let last = 0;
  for (const match of text.matchAll(FENCE)) {
    prose += text.slice(last, match.index) + ' '.repeat(match[0].length);
    last = match.index + match[0].length;
    const body = fenceBody(match[1], match[2]).trim();
    const value =
      parseObject(body) ??
      bareObjects(body)
        .map((o) => parseObject(o.body))
        .find((v) => v !== null) ??
      null;
    if (value) found.push({ start: match.index, value });
  }
  prose += text.slice(last);
  // Fences are blanked out above, so a fenced object is never read twice.
  for (const o of bareObjects(prose)) {
    const value = parseObject(o.body);
    if (value) found.push({ start: o.start, value });
  }
  return found.sort((a, b) => a.start - b.start).map((f) => f.value);
}

/** The last JSON object of a text that `accept` takes (a schema check, say); null when none does. */
export function lastJsonObject<T>(text: string, accept: (value: Record<string, unknown>) => T | null): T | null {
  const objects = jsonObjectsInText(text);
  for (let i = objects.length - 1; i >= 0; i--) {
    const taken = accept(objects[i]);
    if (taken !== null) return taken;
  }
  return null;
}

/** The first JSON object of a text, or null. */
export function firstJsonObject(text: string): Record<string, unknown> | null {
  return jsonObjectsInText(text)[0] ?? null;
}

/** Renders prose plus a fenced JSON block: how a task travels in a prompt. */
export function withJsonBlock(prose: string, tag: string, data: unknown): string {
  return `${prose}\n\n\`\`\`json ${tag}\n${JSON.stringify(data, null, 2)}\n\`\`\``;
}
