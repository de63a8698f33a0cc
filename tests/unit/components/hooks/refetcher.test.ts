import { describe, expect, it } from 'vitest';
import { createRefetcher, type Fetched } from '@/components/hooks/refetcher';

/** A load whose answers the test releases one at a time; each answer is the server's state when it was read. */
function server() {
  let state = 'off';
  const pending: (() => void)[] = [];
  let requests = 0;
  const load = () => {
    requests += 1;
    const seen = state;
    return new Promise<string>((resolve) => pending.push(() => resolve(seen)));
  };
  return {
    load,
    set: (next: string) => (state = next),
    answerNext: async () => {
      pending.shift()?.();
      // Let the answer and what it queues run.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    },
    get requests() {
      return requests;
    },
  };
}

describe('createRefetcher (usePolling)', () => {
  it('refetches after an in-flight request when refreshed, and shows only the answer that postdates the change', async () => {
    const s = server();
    const shown: Fetched<string>[] = [];
    const f = createRefetcher(s.load, (r) => shown.push(r));
    void f.poll(); // out: reads "off"
    s.set('on'); // the user toggles a rule…
    const done = f.refresh(); // …and asks for fresh data while the poll is still out
    const again = f.refresh(); // a second ask joins the same queued fetch
    expect(s.requests).toBe(1);
    await s.answerNext(); // the stale answer: dropped, and the queued fetch starts
    expect(shown).toEqual([]);
    expect(s.requests).toBe(2);
    await s.answerNext();
    await Promise.all([done, again]);
    expect(shown).toEqual([{ ok: true, data: 'on' }]);
  });

  it('skips a timer poll while a request is out, and fetches at once when none is', async () => {
    const s = server();
    const shown: Fetched<string>[] = [];
    const f = createRefetcher(s.load, (r) => shown.push(r));
    void f.poll();
    void f.poll();
    expect(s.requests).toBe(1);
    await s.answerNext();
    expect(shown).toEqual([{ ok: true, data: 'off' }]);
    void f.refresh();
    expect(s.requests).toBe(2);
    await s.answerNext();
    expect(shown).toHaveLength(2);
  });

  it('reports a failed load as an error result', async () => {
    const f = createRefetcher(
      () => Promise.reject(new Error('down')),
      (r) => expect(r).toMatchObject({ ok: false }),
    );
    await f.refresh();
  });
});
