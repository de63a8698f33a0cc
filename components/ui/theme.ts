/**
 * The theme choice: light, dark, or the system's (no key in localStorage; app/layout.tsx reads the
 * same key before paint). A click always flips what is on screen; a flip that lands on the
 * system's own theme goes back to following the system instead of pinning it.
 */
export type ThemeChoice = 'light' | 'dark' | 'system';

export const THEME_KEY = 'theme';

export const resolvesDark = (choice: ThemeChoice, systemDark: boolean): boolean =>
  choice === 'system' ? systemDark : choice === 'dark';

export function nextThemeChoice(current: ThemeChoice, systemDark: boolean): ThemeChoice {
  const dark = !resolvesDark(current, systemDark);
  if (dark === systemDark) return 'system';
  return dark ? 'dark' : 'light';
}

export function parseThemeChoice(stored: string | null): ThemeChoice {
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** What the button says: the theme on screen, and whether it follows the system. */
export function themeLabel(choice: ThemeChoice, systemDark: boolean): string {
  const name = resolvesDark(choice, systemDark) ? 'Dark' : 'Light';
  return choice === 'system' ? `${name} (system)` : name;
}
