import type { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { clearFaultRules, createFaultRule, listFaultRules } from '@/lib/faults/rules';
import { ruleView } from '@/lib/faults/rule-schema';
import { route } from '@/lib/http/route';
import type { faultRuleListSchema, faultRuleReplySchema, faultRulesClearedSchema } from '@/lib/wire/fault-rules';
import { anyJson, resultResponse, rulesJson } from './result-response';

export const dynamic = 'force-dynamic';

/** GET /api/faults → { rules }, in the order they are evaluated, with hit counts. */
export const GET = route({}, async () =>
  Response.json({ rules: rulesJson(await listFaultRules(await getDb())) } satisfies z.input<
    typeof faultRuleListSchema
  >),
);

/** POST /api/faults { service, kind, ...conditions } → 201 { rule }; 400 naming each bad field (lib/faults checks the whole rule). */
export const POST = route({ body: anyJson }, async ({ body }) => {
  const created = await createFaultRule(await getDb(), body);
  return resultResponse(created, (rule) =>
    Response.json({ rule: ruleView(rule) } satisfies z.input<typeof faultRuleReplySchema>, { status: 201 }),
  );
});

/** DELETE /api/faults → { deleted }: every rule goes. */
export const DELETE = route({}, async () =>
  Response.json((await clearFaultRules(await getDb())) satisfies z.input<typeof faultRulesClearedSchema>),
);
