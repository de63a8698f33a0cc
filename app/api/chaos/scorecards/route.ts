import { z } from 'zod';
import { runScorecard, saveScorecard, scorecardRequestSchema, trialCount } from '@/lib/chaos/scorecard';
import { progressKeySchema, trackScorecard } from '@/lib/chaos/scorecard-progress';
import { modelsFromEnv } from '@/lib/checkout/app-services';
import { getDb } from '@/lib/db/client';
import { FAULT_PRESETS } from '@/lib/faults/presets';
import { readJsonBody } from '@/lib/http/request';
import { fieldErrorResponse, invalidInputResponse } from '@/lib/http/responses';
import { scorecardListSchema, type scorecardReplySchema } from '@/lib/wire/chaos';

export const dynamic = 'force-dynamic';

/** From the browser a scorecard stays small enough to answer in one request; the CLI (npm run chaos) takes up to 200. */
const apiRequestSchema = scorecardRequestSchema.extend({
  orders: z.number().int().min(1).max(50),
  /** Optional: a key of the caller's choosing, to poll GET /api/chaos/scorecards/progress?key= while this request runs. */
  progressKey: progressKeySchema.optional(),
});

/** GET /api/chaos/scorecards → { reports: [{ id, createdAt, seed, orders, k, model, profile, results }] }, newest first. */
export async function GET(): Promise<Response> {
  const db = await getDb();
  const rows = await db.chaosReport.findMany({ orderBy: { createdAt: 'desc' }, take: 50 });
  // The results column is JSON this route wrote (POST below); parsed, not cast, so an old row that no longer fits is a 500, not a broken page.
  const reports = rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    results: JSON.parse(r.results) as unknown,
  }));
  return Response.json(scorecardListSchema.parse({ reports }) satisfies z.input<typeof scorecardListSchema>);
}

/** POST /api/chaos/scorecards { orders: 1..50, seed?, k?: 1..5, profile?: 'random' | preset, progressKey? } → 201 { report } (runs in throw-away stores). */
export async function POST(request: Request): Promise<Response> {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const parsed = apiRequestSchema.safeParse(body.value);
  if (!parsed.success) return invalidInputResponse(parsed.error);
  if (parsed.data.profile !== 'random' && !FAULT_PRESETS.some((p) => p.id === parsed.data.profile)) {
    return fieldErrorResponse(
      'profile',
      `No fault profile named "${parsed.data.profile}" (use "random" or a preset id).`,
    );
  }
  const { progressKey, ...scorecard } = parsed.data;
  const db = await getDb();
  const modelFor = modelsFromEnv();
  const tracked = progressKey ? trackScorecard(progressKey, trialCount(scorecard)) : null;
  const card = await runScorecard(scorecard, { modelFor, label: modelFor('CheckoutAgent').label }, db, {
    onProgress: tracked?.update,
  }).finally(() => tracked?.end());
  const saved = await saveScorecard(db, card);
  return Response.json(
    {
      report: {
        ...saved,
        createdAt: saved.createdAt.toISOString(),
        results: { byKind: card.byKind, totals: card.totals, durationMs: card.durationMs, threads: card.threads },
      },
    } satisfies z.input<typeof scorecardReplySchema>,
    { status: 201 },
  );
}
