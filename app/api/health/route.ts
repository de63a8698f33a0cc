import Database from 'better-sqlite3';
import { NextResponse } from 'next/server';
import pkg from '@/package.json';
import { getOpenedDatabase } from '@/lib/db/client';
import { migrationStatus } from '@/lib/db/migrations';
import { chooseModel, modelLabel } from '@/lib/models/registry';

export const dynamic = 'force-dynamic';

export async function GET() {
  const model = chooseModel();
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
        model: { ...model, label: modelLabel(model) },
      },
      { status: ok ? 200 : 503 },
    );
  } catch (error) {
    return NextResponse.json(
      {
        status: 'error',
        version: pkg.version,
        database: { ok: false, error: error instanceof Error ? error.message : String(error) },
        model: { ...model, label: modelLabel(model) },
      },
      { status: 503 },
    );
  }
}
