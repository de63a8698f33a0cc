import { readSse } from '@/scripts/bench/support/sse-reader';

/** What one SSE client saw of one run, from its first frame to the end frame (or not). */
export interface FollowedRun {
  runId: string;
  /** The seq of every trace frame, in arrival order. */
  seqs: number[];
  /** Every trace frame's event as received, when asked for (`keepEvents`). */
  events: { seq: number; type: string; data: unknown }[];
  /** The end frame's data; null when the stream stopped without one. */
  end: { lastSeq: number; status: string } | null;
  /** Why the stream failed, if it did. */
  error?: string;
}

/** Follows GET /api/runs/:id/events from the start to its end frame, as a browser would. */
export async function followRun(
  baseUrl: string,
  runId: string,
  timeoutMs: number,
  options: { keepEvents?: boolean } = {},
): Promise<FollowedRun> {
  const seen: FollowedRun = { runId, seqs: [], events: [], end: null };
  try {
    const response = await fetch(`${baseUrl}/api/runs/${runId}/events`, {
      headers: { accept: 'text/event-stream' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status !== 200 || !response.body) return { ...seen, error: `HTTP ${response.status}` };
    for await (const frame of readSse(response.body)) {
      if (frame.event === 'trace') {
        const event = JSON.parse(frame.data) as { seq: number; type: string; data: unknown };
        seen.seqs.push(event.seq);
        if (options.keepEvents) seen.events.push({ seq: event.seq, type: event.type, data: event.data });
      } else if (frame.event === 'end') {
        seen.end = JSON.parse(frame.data) as FollowedRun['end'];
        break;
      }
    }
  } catch (error) {
    seen.error = error instanceof Error ? error.message : String(error);
  }
  return seen;
}

/** Seqs that are not exactly 1..n in order (a gap, a duplicate or a reordering), or disagree with the end frame. */
export function streamProblem(run: FollowedRun): string | null {
  const bad = run.seqs.findIndex((seq, i) => seq !== i + 1);
  if (bad !== -1) return `seq ${run.seqs[bad]} at position ${bad + 1}`;
  if (run.end && run.end.lastSeq !== run.seqs.length)
    return `end says lastSeq ${run.end.lastSeq} after ${run.seqs.length} events`;
  return null;
}
