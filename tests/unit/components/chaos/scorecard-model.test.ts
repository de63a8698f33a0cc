import { describe, expect, it } from 'vitest';
import { scorecardRequestSchema } from '@/lib/chaos/scorecard';
import type { ModeScore, ScorecardReport } from '@/components/api/scorecards';
import {
  better,
  formatShare,
  kindRows,
  MEASURES,
  parseScorecardForm,
  share,
  trialCount,
} from '@/components/chaos/scorecard-model';

const score = (s: Partial<ModeScore>): ModeScore => ({
  orders: 4,
  goalReached: 0,
  recovered: 0,
  failedSafely: 0,
  violated: 0,
  passK: 0,
  safeK: 0,
  ...s,
});
const higher = (key: string) => MEASURES.find((m) => m.key === key)!.higherIsBetter;

describe('the scorecard panel model', () => {
  it('shows shares as whole percentages, and nothing for no orders', () => {
    expect(share(1, 3)).toBe(33);
    expect(formatShare(2, 3)).toBe('67%');
    expect(formatShare(0, 0)).toBe('—');
  });

  it('says which mode did better: more goals and pass^k, fewer violations; failing safely is no contest', () => {
    const scores = {
      agents: score({ goalReached: 3, violated: 0, failedSafely: 1, passK: 4 }),
      orchestrator: score({ goalReached: 1, violated: 1, failedSafely: 3, passK: 4 }),
    };
    expect(better(scores, 'goalReached', higher('goalReached'))).toBe('agents');
    expect(better(scores, 'violated', higher('violated'))).toBe('agents');
    expect(better(scores, 'failedSafely', higher('failedSafely'))).toBeNull();
    expect(better(scores, 'passK', higher('passK'))).toBeNull();
    expect(better({ agents: score({ orders: 0 }), orchestrator: score({}) }, 'goalReached', true)).toBeNull();
  });

  it('lists fault kinds alphabetically with untouched orders last', () => {
    const byMode = { agents: score({}), orchestrator: score({}) };
    const report = {
      results: { byKind: { timeout: byMode, none: byMode, decline: byMode }, totals: byMode, durationMs: 1 },
    } as unknown as ScorecardReport;
    expect(kindRows(report).map((r) => r.kind)).toEqual(['decline', 'timeout', 'none']);
  });

  it('turns the form into a request the route accepts, naming each bad field', () => {
    const ok = parseScorecardForm({ orders: '5', seed: '', k: '3', profile: '' });
    expect(ok).toEqual({ ok: true, input: { orders: 5, k: 3, profile: 'random' } });
    if (ok.ok) expect(scorecardRequestSchema.safeParse(ok.input).success).toBe(true);
    expect(parseScorecardForm({ orders: '51', seed: '-1', k: '0', profile: 'random' })).toEqual({
      ok: false,
      errors: { orders: expect.any(String), seed: expect.any(String), k: expect.any(String) },
    });
    expect(parseScorecardForm({ orders: '2.5', seed: '7', k: '1', profile: 'random' }).ok).toBe(false);
    expect(trialCount(5, 3)).toBe(30);
  });
});
