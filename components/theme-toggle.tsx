'use client';

import { useEffect, useSyncExternalStore } from 'react';
import { THEME_KEY, nextThemeChoice, parseThemeChoice, resolvesDark, themeLabel } from './ui/theme';

const CHANGED = 'aco-theme-change';
const systemQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

function subscribe(onChange: () => void): () => void {
  const query = systemQuery();
  query.addEventListener('change', onChange);
  window.addEventListener('storage', onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    query.removeEventListener('change', onChange);
    window.removeEventListener('storage', onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

// A string snapshot (stable between calls): the stored choice and whether the system is dark.
const snapshot = () => `${parseThemeChoice(localStorage.getItem(THEME_KEY))}|${systemQuery().matches}`;

/** Shows the theme on screen (aria-pressed: dark) and whether it follows the system; see ui/theme.ts for the cycle. */
export function ThemeToggle() {
  const state = useSyncExternalStore(subscribe, snapshot, () => null);
  const [stored, system] = state?.split('|') ?? ['system', 'false'];
  const choice = parseThemeChoice(stored);
  const systemDark = system === 'true';
  const dark = resolvesDark(choice, systemDark);

  // Following the system: a change of the system's theme shows at once.
  useEffect(() => {
    if (state !== null) document.documentElement.classList.toggle('dark', dark);
  }, [state, dark]);

  const toggle = () => {
    const next = nextThemeChoice(choice, systemDark);
    if (next === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, next);
    window.dispatchEvent(new Event(CHANGED));
  };
  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={state === null ? undefined : dark}
      title="Dark mode: click to flip; flipping back to your system's theme follows the system again"
      data-testid="theme-toggle"
      data-theme-choice={state === null ? undefined : choice}
      // A fixed width: the label is only known after hydration (the choice lives in the browser), and must not move the header.
      className="w-28 rounded border border-zinc-300 px-2 py-1 text-left text-xs text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
    >
      {state === null ? 'Theme' : themeLabel(choice, systemDark)}
    </button>
  );
}
