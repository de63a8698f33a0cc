import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The tool span a service call runs under (agents and orchestrator alike), so that a
 * fault injected deep inside a service is recorded on the span where it happened.
 */
export const currentToolSpan = new AsyncLocalStorage<{ spanId: string; toolCallId: string; agent: string }>();
