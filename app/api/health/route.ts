import { NextResponse } from 'next/server';
import pkg from '@/package.json';
import { databaseMigrationStatus, getOpenedDatabase } from '@/lib/db/client';
import { DEFAULT_DATABASE_URL, maskDatabaseUrl, redactDatabaseUrl } from '@/lib/db/database-url';
import { readModelCallSettings } from '@/lib/models/call-settings';
import { agentModelMix, chooseModel, modelLabel } from '@/lib/models/registry';
import { liveExportStatus } from '@/lib/otel/live';
import { AGENT_NAMES } from '@/lib/protocol/agents';
import type { HealthResponse } from '@/lib/wire/health';
import { runCounts } from '@/lib/checkout/run-registry';
import { durableRunQueueFor, runSlots } from '@/lib/checkout/run-queue';

export const dynamic = 'force-dynamic';

/** The model the agents use, each agent's (AI_MODEL_<AGENT> overrides) and how calls are made. */
function modelReport() {
  const model = chooseModel();
  const { agents, overrides } = agentModelMix(AGENT_NAMES);
  return { ...model, label: modelLabel(model), agents, overrides, calls: readModelCallSettings() };
}

export async function GET() {
  const model = modelReport();
  const otel = { export: liveExportStatus() };
  try {
    const opened = await getOpenedDatabase();
    const runs = {
      queue: durableRunQueueFor(opened.db) ? ('pg-boss' as const) : ('in-process' as const),
      concurrency: runSlots().size,
      ...runCounts(),
    };
    await opened.db.$queryRawUnsafe('SELECT 1');
    const migrations = await databaseMigrationStatus(opened);
    const ok = migrations.pending.length === 0;
    return NextResponse.json(
      {
        status: ok ? 'ok' : 'degraded',
        version: pkg.version,
        database: { ok: true, engine: opened.engine, location: opened.location },
        migrations: { applied: migrations.applied, pending: migrations.pending, upToDate: ok },
        model,
        runs,
        otel,
      } satisfies HealthResponse,
      { status: ok ? 200 : 503 },
    );
  } catch (error) {
    return NextResponse.json(
      {
        status: 'error',
        version: pkg.version,
        // Masked: the URL's password never reaches a page, whatever the driver put in its message.
        database: {
          ok: false,
          location: maskDatabaseUrl(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL),
          error: redactDatabaseUrl(error instanceof Error ? error.message : String(error)),
        },
        model,
        runs: { queue: 'in-process', concurrency: runSlots().size, ...runCounts() },
        otel,
      } satisfies HealthResponse,
      { status: 503 },
    );
  }
}
