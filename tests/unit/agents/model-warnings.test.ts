import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportModelWarnings, warningText } from '@/lib/agents/model-warnings';

describe('warningText', () => {
  it('words each kind of provider warning, naming the feature once', () => {
    expect(
      warningText({
        type: 'unsupported',
        feature: 'temperature',
        details: 'temperature is not supported by claude-x and will be ignored',
      }),
    ).toBe('temperature is not supported by claude-x and will be ignored');
    expect(warningText({ type: 'unsupported', feature: 'topK', details: 'Only when thinking is off.' })).toBe(
      'topK: Only when thinking is off.',
    );
    expect(warningText({ type: 'unsupported', feature: 'seed' })).toBe('seed is not supported');
    expect(warningText({ type: 'compatibility', feature: 'maxOutputTokens' })).toBe(
      'maxOutputTokens runs in a compatibility mode',
    );
    expect(warningText({ type: 'deprecated', setting: 'system', message: 'use instructions' })).toBe(
      'system is deprecated: use instructions',
    );
    expect(warningText({ type: 'other', message: 'something else' })).toBe('something else');
  });
});

describe('reportModelWarnings', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints each warning once per model and process', () => {
    const printed = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    reportModelWarnings('m-once', ['a', 'b']);
    reportModelWarnings('m-once', ['a']);
    reportModelWarnings('m-other', ['a']);
    expect(printed.mock.calls.map(([line]) => String(line).replace(/ \(said once.*$/, ''))).toEqual([
      '[model] m-once: a',
      '[model] m-once: b',
      '[model] m-other: a',
    ]);
  });
});
