import type { SharedV4Warning } from '@ai-sdk/provider';

/**
 * What a provider says about a call it made differently from what was asked (a setting the model
 * ignores, a compatibility mode). It says so on every call, so the AI SDK would print it at every step
 * of every agent: the words go on the run's `model.step` events instead, and the console hears each
 * distinct one once per process.
 */

/** The provider's details, naming the feature if they do not already ("temperature is not supported by …"). */
function about(feature: string, details: string): string {
  return details.includes(feature) ? details : `${feature}: ${details}`;
}

/** A warning in words, as the trace records it. */
export function warningText(warning: SharedV4Warning): string {
  switch (warning.type) {
    case 'unsupported':
      return warning.details ? about(warning.feature, warning.details) : `${warning.feature} is not supported`;
    case 'compatibility':
      return warning.details
        ? about(warning.feature, warning.details)
        : `${warning.feature} runs in a compatibility mode`;
    case 'deprecated':
      return `${warning.setting} is deprecated: ${warning.message}`;
    default:
      return warning.message;
  }
}

const KEY = Symbol.for('agent-checkout.model-warnings-said');
type GlobalWithSaid = typeof globalThis & { [KEY]?: Set<string> };

/** Prints each warning this process has not printed yet for this model (on globalThis: route bundles share it). */
export function reportModelWarnings(model: string, warnings: readonly string[]): void {
  const said = ((globalThis as GlobalWithSaid)[KEY] ??= new Set());
  for (const text of warnings) {
    const line = `[model] ${model}: ${text}`;
    if (said.has(line)) continue;
    said.add(line);
    console.warn(`${line} (said once; every step it applies to records it in its model.step event)`);
  }
}
