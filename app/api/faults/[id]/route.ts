import { getDb } from '@/lib/db/client';
import { deleteFaultRule, updateFaultRule } from '@/lib/faults/rules';
import { ruleView } from '@/lib/faults/rule-schema';
import type { faultRuleDeletedSchema, faultRuleReplySchema } from '@/lib/wire/fault-rules';
import type { z } from 'zod';
import { readJsonBody } from '@/lib/http/request';
import { fieldErrorResponse } from '@/lib/http/responses';
import { resultResponse } from '../result-response';

export const dynamic = 'force-dynamic';

interface RouteContext {
  params: Promise<{ id: string }>;
}

async function ruleId(context: RouteContext): Promise<string | null> {
  const { id } = await context.params;
  return id.length > 0 && id.length <= 100 ? id : null;
}

/** PATCH /api/faults/:id { any field } → { rule }; the patched rule is checked as a whole. */
export async function PATCH(request: Request, context: RouteContext): Promise<Response> {
  const id = await ruleId(context);
  if (!id) return fieldErrorResponse('id', 'must be 1 to 100 characters');
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const updated = await updateFaultRule(await getDb(), id, body.value);
  return resultResponse(updated, (rule) => Response.json({ rule: ruleView(rule) } satisfies z.input<typeof faultRuleReplySchema>));
}

/** DELETE /api/faults/:id → { deleted: id }; 404 for an unknown id. */
export async function DELETE(_request: Request, context: RouteContext): Promise<Response> {
  const id = await ruleId(context);
  if (!id) return fieldErrorResponse('id', 'must be 1 to 100 characters');
  return resultResponse(await deleteFaultRule(await getDb(), id), (deleted) => Response.json({ deleted: deleted.id } satisfies z.input<typeof faultRuleDeletedSchema>));
}
