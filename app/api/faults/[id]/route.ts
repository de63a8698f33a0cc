import { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { deleteFaultRule, updateFaultRule } from '@/lib/faults/rules';
import { ruleView } from '@/lib/faults/rule-schema';
import { route } from '@/lib/http/route';
import type { faultRuleDeletedSchema, faultRuleReplySchema } from '@/lib/wire/fault-rules';
import { anyJson, resultResponse } from '../result-response';

export const dynamic = 'force-dynamic';

const params = z.object({
  id: z.string().min(1, 'must be 1 to 100 characters').max(100, 'must be 1 to 100 characters'),
});

/** PATCH /api/faults/:id { any field } → { rule }; the patched rule is checked as a whole. */
export const PATCH = route({ params, body: anyJson }, async ({ params: { id }, body }) => {
  const updated = await updateFaultRule(await getDb(), id, body);
  return resultResponse(updated, (rule) =>
    Response.json({ rule: ruleView(rule) } satisfies z.input<typeof faultRuleReplySchema>),
  );
});

/** DELETE /api/faults/:id → { deleted: id }; 404 for an unknown id. */
export const DELETE = route({ params }, async ({ params: { id } }) =>
  resultResponse(await deleteFaultRule(await getDb(), id), (deleted) =>
    Response.json({ deleted: deleted.id } satisfies z.input<typeof faultRuleDeletedSchema>),
  ),
);
