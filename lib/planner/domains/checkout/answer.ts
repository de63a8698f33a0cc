import { z } from 'zod';
import type { Observation } from '../../prompt-reader';

/** A specialist's answer as the ask tool returns it (lib/agents/specialists: `{ agent, action, status, result?, error? }`). */
export interface Answer {
  status: 'ok' | 'failed' | 'unknown';
  action: string;
  result: Record<string, unknown>;
  error: { code: string; message: string } | null;
}

// Read leniently: a status is all an answer needs; whatever else is missing or malformed reads as absent.
const askReplySchema = z.object({
  status: z.string(),
  action: z.unknown().optional(),
  result: z.looseObject({}).optional().catch(undefined),
  error: z.unknown().optional(),
});
const errorPartsSchema = z.object({ code: z.unknown().optional(), message: z.unknown().optional() });

export function readAnswer(obs: Observation): Answer | null {
  const reply = askReplySchema.safeParse(obs.output);
  if (!reply.success) return null;
  const out = reply.data;
  const error = out.error ? errorPartsSchema.safeParse(out.error).data : undefined;
  return {
    status: out.status === 'ok' || out.status === 'failed' ? out.status : 'unknown',
    action: String(out.action ?? ''),
    result: out.result ?? {},
    error: out.error ? { code: String(error?.code ?? 'failed'), message: String(error?.message ?? '') } : null,
  };
}
