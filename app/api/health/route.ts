import Database from 'better-sqlite3';
import { NextResponse } from 'next/server';
import pkg from '@/package.json';
import { getOpenedDatabase } from '@/lib/db/client';
import { migrationStatus } from '@/lib/db/migrations';
import { readModelCallSettings } from '@/lib/models/call-settings';
import { agentModelMix, chooseModel, modelLabel } from '@/lib/models/registry';
import { liveExportStatus } from '@/lib/otel/live';
import { AGENT_NAMES } from '@/lib/protocol/agents';
import type { HealthResponse } from './schema';

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
    const { db, filePath } = await getOpenedDatabase();
    await db.$queryRawUnsafe('SELECT 1');
    const reader = new Database(filePath, { readonly: true, fileMustExist: true });
    const migrations = (() => {
      try {
        return migrationStatus(reader);
      } finally {
        reader.close();
      }
    })();
    const ok = migrations.pending.length === 0;
    return NextResponse.json(
      {
        status: ok ? 'ok' : 'degraded',
        version: pkg.version,
        database: { ok: true },
        migrations: { applied: migrations.applied, pending: migrations.pending, upToDate: ok },
        model,
        otel,
      } satisfies HealthResponse,
      { status: ok ? 200 : 503 },
    );
  } catch (error) {
    return NextResponse.json(
      {
        status: 'error',
        version: pkg.version,
        database: { ok: false, error: error instanceof Error ? error.message : String(error) },
        model,
        otel,
      } satisfies HealthResponse,
      { status: 503 },
    );
  }
}
