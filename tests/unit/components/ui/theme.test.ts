import { describe, expect, it } from 'vitest';
import { nextThemeChoice, parseThemeChoice, themeLabel } from '@/components/ui/theme';

describe('the theme toggle', () => {
  it('flips what is on screen, and goes back to the system instead of pinning its theme', () => {
    // System light: system → dark → system → dark …
    expect(nextThemeChoice('system', false)).toBe('dark');
    expect(nextThemeChoice('dark', false)).toBe('system');
    // System dark.
    expect(nextThemeChoice('system', true)).toBe('light');
    expect(nextThemeChoice('light', true)).toBe('system');
    // A pinned theme equal to the system's (the system changed since): flipping pins the other.
    expect(nextThemeChoice('light', false)).toBe('dark');
    expect(nextThemeChoice('dark', true)).toBe('light');
  });

  it('says which theme is on screen and whether it follows the system', () => {
    expect(themeLabel('system', true)).toBe('Dark (system)');
    expect(themeLabel('light', true)).toBe('Light');
    expect(parseThemeChoice(null)).toBe('system');
    expect(parseThemeChoice('dark')).toBe('dark');
    expect(parseThemeChoice('<script>')).toBe('system');
  });
});
