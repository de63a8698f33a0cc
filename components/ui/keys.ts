/** Whether a key press is text going into a field (page shortcuts must leave it alone). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)
    return true;
  return (
    target instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'button', 'submit'].includes(target.type)
  );
}

/** Whether the key would act on the focused control itself (space on a button clicks it). */
export function isControl(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLButtonElement ||
    target instanceof HTMLAnchorElement ||
    (target instanceof HTMLInputElement && ['checkbox', 'radio', 'button', 'submit'].includes(target.type))
  );
}

/** A key press without modifiers (Ctrl/⌘/Alt combinations belong to the browser). */
export const plainKey = (e: KeyboardEvent | { ctrlKey: boolean; metaKey: boolean; altKey: boolean }) =>
  !e.ctrlKey && !e.metaKey && !e.altKey;
