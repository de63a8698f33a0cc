import type { PrismaClient } from '@/lib/db/client';
import { getRunLog, type RunLog } from '@/lib/trace/run-details';
import type { OtlpTracesDocument } from './otlp-json';
import { runToOtlp } from './to-otlp';

/** A run as a file to download: the event log as recorded, or OTLP/JSON traces for Jaeger, Phoenix and collectors. */

export const EXPORT_FORMATS = ['json', 'otlp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface RunExport {
  filename: string;
  body: RunLog | OtlpTracesDocument;
}

/** null for an unknown run. */
export async function exportRun(db: PrismaClient, runId: string, format: ExportFormat): Promise<RunExport | null> {
  const log = await getRunLog(db, runId);
  if (!log) return null;
  // Run ids are [A-Za-z0-9_.:-] (the route checks): safe in a file name once ':' is replaced.
  const base = `run-${runId.replaceAll(':', '_')}`;
  return format === 'json' ? { filename: `${base}.events.json`, body: log } : { filename: `${base}.otlp.json`, body: runToOtlp(log.run, log.events) };
}
