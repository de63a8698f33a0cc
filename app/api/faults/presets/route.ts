import { getDb } from '@/lib/db/client';
import { applyFaultPreset, listFaultPresets } from '@/lib/faults/presets';
import { readJsonBody } from '@/lib/http/request';
import type { faultPresetAppliedSchema, faultPresetListSchema } from '@/lib/wire/fault-rules';
import type { z } from 'zod';
import { resultResponse, rulesJson } from '../result-response';

export const dynamic = 'force-dynamic';

/** GET /api/faults/presets → { presets: [{ id, name, description, ruleCount }] }. */
export function GET(): Response {
  return Response.json({ presets: listFaultPresets() } satisfies z.input<typeof faultPresetListSchema>);
}

/** POST /api/faults/presets { preset, replace? } → 201 { preset, created, deleted }; replace drops every other rule first. */
export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const applied = await applyFaultPreset(await getDb(), body.value);
  return resultResponse(applied, ({ preset, created, deleted }) => Response.json({ preset, created: rulesJson(created), deleted } satisfies z.input<typeof faultPresetAppliedSchema>, { status: 201 }));
}
