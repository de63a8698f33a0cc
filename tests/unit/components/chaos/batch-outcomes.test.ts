import { describe, expect, it } from 'vitest';
import { modeScores, outcomeTable } from '@/components/chaos/batch-outcomes';
import { batchOutcomeKind, type BatchOutcomeKind } from '@/lib/chaos/batch-outcome';

const run = (mode: string, status: string, outcome: string, outcomeKind: BatchOutcomeKind) => ({
  runId: `${mode}-${outcome}`,
  orderId: null,
  mode,
  status,
  outcome,
  outcomeKind,
  customerId: null,
});

describe('chaos batch outcomes', () => {
  it('are read from the run and its order, never from the prose', () => {
    expect(batchOutcomeKind('running', null)).toBe('running');
    expect(batchOutcomeKind('succeeded', { status: 'placed', needsReview: false })).toBe('placed');
    expect(batchOutcomeKind('succeeded', { status: 'placed', needsReview: true })).toBe('placed_needs_review');
    expect(batchOutcomeKind('failed', { status: 'failed', needsReview: false })).toBe('failed_cleanly');
    expect(batchOutcomeKind('failed', { status: 'failed', needsReview: true })).toBe('failed_needs_review');
    expect(batchOutcomeKind('interrupted', { status: 'failed', needsReview: true })).toBe('interrupted');
    expect(batchOutcomeKind('succeeded', null)).toBe('placed');
    expect(batchOutcomeKind('failed', null)).toBe('failed_cleanly');
  });

  it('are tallied by kind per mode, with whole labels however the prose is punctuated', () => {
    const table = outcomeTable([
      run('agents', 'succeeded', 'order placed: Order o1 is placed', 'placed'),
      run('agents', 'succeeded', 'order placed: Order o2 is placed', 'placed'),
      run('agents', 'failed', 'order failed (needs review: payment captured: 2200): Order o3 …', 'failed_needs_review'),
      run('orchestrator', 'failed', 'order failed cleanly: PaymentError: card_declined', 'failed_cleanly'),
      run('orchestrator', 'running', '', 'running'),
    ]);
    // Equal counts: by label.
    expect(table).toEqual([
      {
        kind: 'placed',
        label: 'order placed',
        example: 'order placed: Order o1 is placed',
        agents: 2,
        orchestrator: 0,
      },
      {
        kind: 'failed_needs_review',
        label: 'order failed (needs review)',
        example: 'order failed (needs review: payment captured: 2200): Order o3 …',
        agents: 1,
        orchestrator: 0,
      },
      {
        kind: 'failed_cleanly',
        label: 'order failed cleanly',
        example: 'order failed cleanly: PaymentError: card_declined',
        agents: 0,
        orchestrator: 1,
      },
    ]);
  });

  it('scores each mode on the runs that finished', () => {
    expect(
      modeScores([
        run('agents', 'succeeded', 'a', 'placed'),
        run('agents', 'failed', 'b', 'failed_cleanly'),
        run('orchestrator', 'running', 'c', 'running'),
      ]),
    ).toEqual([
      { mode: 'agents', succeeded: 1, finished: 2 },
      { mode: 'orchestrator', succeeded: 0, finished: 0 },
    ]);
  });
});
