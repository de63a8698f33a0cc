import { describe, expect, it } from 'vitest';
import { LiveTextHub, type LiveText } from '@/lib/trace/live-text';

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('LiveTextHub', () => {
  const delta = { runId: 'r1', agent: 'PaymentAgent', agentSpanId: 's3', step: 2 };

  it('gathers deltas per step and sends the text so far a few times a second', async () => {
    const hub = new LiveTextHub(20);
    const seen: LiveText[] = [];
    hub.subscribe('r1', (t) => seen.push(t));
    hub.push({ ...delta, kind: 'reasoning', delta: 'Think' });
    hub.push({ ...delta, kind: 'text', delta: 'Hel' });
    hub.push({ ...delta, kind: 'text', delta: 'lo' });
    await until(() => seen.length === 1);
    expect(seen[0]).toEqual({ ...delta, reasoning: 'Think', text: 'Hello' });
    hub.push({ ...delta, kind: 'text', delta: '!' });
    await until(() => seen.length === 2);
    expect(seen[1].text).toBe('Hello!');
  });

  it('sends nothing of a step once it is recorded, nor for runs nobody watches', async () => {
    const hub = new LiveTextHub(10);
    const seen: LiveText[] = [];
    hub.push({ ...delta, runId: 'unwatched', kind: 'text', delta: 'x' });
    const stop = hub.subscribe('r1', (t) => seen.push(t));
    hub.push({ ...delta, kind: 'text', delta: 'cut' });
    hub.endStep('r1', 's3', 2);
    hub.push({ ...delta, step: 3, kind: 'text', delta: 'next' });
    await until(() => seen.length === 1);
    expect(seen.map((t) => [t.step, t.text])).toEqual([[3, 'next']]);
    stop();
    hub.push({ ...delta, step: 4, kind: 'text', delta: 'after' });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(seen).toHaveLength(1);
  });
});
