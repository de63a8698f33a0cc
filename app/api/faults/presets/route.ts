import type { z } from 'zod';
import { getDb } from '@/lib/db/client';
import { applyFaultPreset, listFaultPresets } from '@/lib/faults/presets';
import { route } from '@/lib/http/route';
import type { faultPresetAppliedSchema, faultPresetListSchema } from '@/lib/wire/fault-rules';
import { anyJson, resultResponse, rulesJson } from '../result-response';

export const dynamic = 'force-dynamic';

/** GET /api/faults/presets → { presets: [{ id, name, description, ruleCount }] }. */
export const GET = route({}, () =>
  Response.json({ presets: listFaultPresets() } satisfies z.input<typeof faultPresetListSchema>),
);

/** POST /api/faults/presets { preset, replace? } → 201 { preset, created, deleted }; replace drops every other rule first. */
export const POST = route({ body: anyJson }, async ({ body }) => {
  const applied = await applyFaultPreset(await getDb(), body);
  return resultResponse(applied, ({ preset, created, deleted }) =>
    Response.json({ preset, created: rulesJson(created), deleted } satisfies z.input<typeof faultPresetAppliedSchema>, {
      status: 201,
    }),
  );
});
