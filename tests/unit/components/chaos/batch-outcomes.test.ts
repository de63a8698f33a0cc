import { describe, expect, it } from 'vitest';
import { modeScores, outcomeCategory, outcomeTable } from '@/components/chaos/batch-runner';

const run = (mode: string, status: string, outcome: string) => ({ runId: `${mode}-${outcome}`, mode, status, outcome, customerId: null });

describe('chaos batch outcomes', () => {
  it('groups outcomes by their kind, not their ids', () => {
    expect(outcomeCategory('order placed: Order o1 is placed: payment captured', 'succeeded')).toBe('order placed');
    expect(outcomeCategory('', 'failed')).toBe('failed');
    const table = outcomeTable([
      run('agents', 'succeeded', 'order placed: Order o1 is placed'),
      run('agents', 'succeeded', 'order placed: Order o2 is placed'),
      run('orchestrator', 'failed', 'order failed cleanly: PaymentError: card_declined'),
      run('orchestrator', 'running', ''),
    ]);
    expect(table).toEqual([
      { outcome: 'order placed', example: 'order placed: Order o1 is placed', agents: 2, orchestrator: 0 },
      { outcome: 'order failed cleanly', example: 'order failed cleanly: PaymentError: card_declined', agents: 0, orchestrator: 1 },
    ]);
  });

  it('scores each mode on the runs that finished', () => {
    expect(modeScores([run('agents', 'succeeded', 'a'), run('agents', 'failed', 'b'), run('orchestrator', 'running', 'c')])).toEqual([
      { mode: 'agents', succeeded: 1, finished: 2 },
      { mode: 'orchestrator', succeeded: 0, finished: 0 },
    ]);
  });
});
