import { z } from 'zod';
import { TOOLS } from '@/lib/protocol/agents';
import { recordedTool } from './recorded-tool';
import type { RunContext } from './run-context';

/** The longest single wait an agent may ask for. */
export const MAX_WAIT_MS = 10_000;

// Module constants: a tool's schema is converted for the model once per process (./tool-schema).
const WAIT_INPUT = z.object({ ms: z.number().int().min(0).max(MAX_WAIT_MS), reason: z.string().max(200).optional() });

/** Lets an agent honour a retry-after or a backoff; time passes on the run's clock. */
export function waitTool(ctx: RunContext, agent: string, agentSpanId: string) {
  return recordedTool(ctx, {
    toolName: TOOLS.wait,
    agent,
    agentSpanId,
    description: `Wait before trying again (e.g. after rate_limited, a timeout or an outage). At most ${MAX_WAIT_MS} ms.`,
    inputSchema: WAIT_INPUT,
    run: async ({ ms }) => {
      await ctx.clock.sleep(ms);
      return { output: { ok: true, value: { waitedMs: ms } }, ok: true };
    },
  });
}
