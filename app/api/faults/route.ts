import { getDb } from '@/lib/db/client';
import { clearFaultRules, createFaultRule, listFaultRules } from '@/lib/faults/rules';
import { ruleView } from '@/lib/faults/rule-schema';
import type { faultRuleListSchema, faultRuleReplySchema, faultRulesClearedSchema } from '@/lib/wire/fault-rules';
import type { z } from 'zod';
import { readJsonBody } from '@/lib/http/request';
import { resultResponse, rulesJson } from './result-response';

export const dynamic = 'force-dynamic';

/** GET /api/faults → { rules }, in the order they are evaluated, with hit counts. */
export async function GET(): Promise<Response> {
  return Response.json({ rules: rulesJson(await listFaultRules(await getDb())) } satisfies z.input<typeof faultRuleListSchema>);
}

/** POST /api/faults { service, kind, ...conditions } → 201 { rule }; 400 naming each bad field. */
export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const created = await createFaultRule(await getDb(), body.value);
  return resultResponse(created, (rule) => Response.json({ rule: ruleView(rule) } satisfies z.input<typeof faultRuleReplySchema>, { status: 201 }));
}

/** DELETE /api/faults → { deleted }: every rule goes. */
export async function DELETE(): Promise<Response> {
  return Response.json((await clearFaultRules(await getDb())) satisfies z.input<typeof faultRulesClearedSchema>);
}
