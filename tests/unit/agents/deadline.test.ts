import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { deadline } from '@/lib/agents/deadline';

describe('deadline', () => {
  it('aborts when its time runs out, with the reason AbortSignal.timeout gives', async () => {
    const d = deadline(5);
    await once(d.signal, 'abort');
    expect(d.timedOut).toBe(true);
    expect(d.signal.reason).toBeInstanceOf(DOMException);
    expect((d.signal.reason as DOMException).name).toBe('TimeoutError');
    d.dispose();
  });

  it("aborts with the parent's reason when the parent aborts first, and that is not a timeout", () => {
    const parent = new AbortController();
    const d = deadline(60_000, parent.signal);
    const reason = new Error('run cancelled');
    parent.abort(reason);
    expect(d.signal.aborted).toBe(true);
    expect(d.signal.reason).toBe(reason);
    expect(d.timedOut).toBe(false);
    d.dispose();
  });

  it('starts aborted under a parent that already is', () => {
    const parent = new AbortController();
    parent.abort(new Error('gone'));
    const d = deadline(60_000, parent.signal);
    expect(d.signal.aborted).toBe(true);
    d.dispose();
  });

  it('once disposed, neither its timer nor its parent aborts it', async () => {
    const parent = new AbortController();
    const d = deadline(1, parent.signal);
    d.dispose();
    // A later deadline that did time out shows the disposed one's timer had its chance too.
    const later = deadline(20);
    await once(later.signal, 'abort');
    parent.abort();
    expect(d.signal.aborted).toBe(false);
    expect(d.timedOut).toBe(false);
  });
});
