/**
 * The tool call a service operation is made for (agents and orchestrator alike), handed to the
 * operation by whoever makes the call, so that a fault injected deep inside a service is recorded on
 * the span where it happened, and a service can tell one call from another (`toolCallKey`).
 *
 * Passed explicitly, not through AsyncLocalStorage: on Node 20 an AsyncLocalStorage turns on promise
 * hooks for every promise of the process, which cost about 5% of an order's CPU (bench 'orders').
 */
export interface ToolCallRef {
  runId: string;
  spanId: string;
  toolCallId: string;
  agent: string;
}

/**
 * The call being made, as `<runId>/<toolCallId>`: the same in a resumed run re-making a call it
 * was waiting on when its process stopped, so a service whose effect is not idempotent by itself
 * (a message sent) can answer the second time with what the first did. Undefined outside a run.
 */
export function toolCallKey(call: ToolCallRef | undefined): string | undefined {
  return call ? `${call.runId}/${call.toolCallId}` : undefined;
}
