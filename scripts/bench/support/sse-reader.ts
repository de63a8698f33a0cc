/**
 * Reads a text/event-stream body into frames (the WHATWG parsing rules, minus what EventSource keeps
 * for itself). Comments come out as frames too, so a test can see heartbeats.
 */

export interface SseFrame {
  /** 'trace', 'end', 'error', 'message' (no event field) or 'comment'. */
  event: string;
  id?: string;
  data: string;
}

export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseFrame> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  let frame: { event?: string; id?: string; data: string[] } = { data: [] };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (frame.data.length > 0)
            yield { event: frame.event ?? 'message', id: frame.id, data: frame.data.join('\n') };
          frame = { data: [] };
        } else if (line.startsWith(':')) {
          yield { event: 'comment', data: line.slice(1).trim() };
        } else {
          const colon = line.indexOf(':');
          const field = colon === -1 ? line : line.slice(0, colon);
          const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') frame.data.push(value);
          else if (field === 'event') frame.event = value;
          else if (field === 'id') frame.id = value;
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}
