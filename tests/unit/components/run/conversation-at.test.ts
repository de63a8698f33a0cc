import { describe, expect, it } from 'vitest';
import { conversationAt } from '@/components/run/conversation/use-conversation';
import { foldConversation } from '@/lib/trace/projections/conversation';
import { sampleCheckoutRun } from '../../../support/trace/sample-run';

describe('conversationAt: the conversation of a log that grows in place, at a replay position', () => {
  it('folds only what was added, and folds again from the start when the position moves back', () => {
    const all = sampleCheckoutRun();
    const log = all.slice(0, 5);
    const early = conversationAt(log, log.length);
    expect(early.lines).toEqual(foldConversation(all.slice(0, 5)).lines);

    log.push(...all.slice(5));
    const full = conversationAt(log, log.length);
    expect(full.lines).toEqual(foldConversation(all).lines);
    expect(full.lastSeq).toBe(all.at(-1)?.seq);
    expect(full.lines.length).toBeGreaterThan(early.lines.length);
    // The same position again is the same state (a re-render costs nothing).
    expect(conversationAt(log, log.length)).toBe(full);

    const back = conversationAt(log, 3);
    expect(back.lines).toEqual(foldConversation(all.slice(0, 3)).lines);
    expect(conversationAt(log, 99_999).lines).toEqual(full.lines);
  });

  it('keeps the last few folds: a position the page still shows after a further one was folded costs nothing', () => {
    const all = sampleCheckoutRun();
    const log = [...all];
    const before = conversationAt(log, 6);
    const further = conversationAt(log, 9);
    // A deferred render that folded to 9 was dropped: the page asks for 6 again, then 9.
    expect(conversationAt(log, 6)).toBe(before);
    expect(conversationAt(log, 9)).toBe(further);
    // Between two kept folds, it folds on from the nearer one.
    expect(conversationAt(log, 8).lines).toEqual(foldConversation(all.slice(0, 8)).lines);
  });
});
