import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The tool span a service call runs under (agents and orchestrator alike), so that a
 * fault injected deep inside a service is recorded on the span where it happened, and a
 * service can tell one call from another (`toolCallKey`).
 */
export const currentToolSpan = new AsyncLocalStorage<{
  runId: string;
  spanId: string;
  toolCallId: string;
  agent: string;
}>();

/**
 * The call being made, as `<runId>/<toolCallId>`: the same in a resumed run re-making a call it
 * was waiting on when its process stopped, so a service whose effect is not idempotent by itself
 * (a message sent) can answer the second time with what the first did. Undefined outside a run.
 */
export function toolCallKey(): string | undefined {
  const span = currentToolSpan.getStore();
  return span ? `${span.runId}/${span.toolCallId}` : undefined;
}
