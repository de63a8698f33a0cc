import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { PrismaClient } from '@/lib/db/client';
import { getRunLog } from '@/lib/trace/run-details';
import { readableSpans } from './otlp-readable';
import { runToOtlp } from './to-otlp';

/**
 * A run as a file to download: the event log as recorded, OTLP/JSON traces, or the same traces as
 * OTLP/protobuf (what Phoenix's /v1/traces and most collectors' HTTP receivers take), encoded by
 * OpenTelemetry's own serializer.
 */

export const EXPORT_FORMATS = ['json', 'otlp', 'otlp-proto'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface RunExport {
  filename: string;
  contentType: string;
  body: string | Uint8Array;
}

/** null for an unknown run. */
export async function exportRun(db: PrismaClient, runId: string, format: ExportFormat): Promise<RunExport | null> {
  const log = await getRunLog(db, runId);
  if (!log) return null;
  // Run ids are [A-Za-z0-9_.:-] (the route checks): safe in a file name once ':' is replaced.
  const base = `run-${runId.replaceAll(':', '_')}`;
  const json = 'application/json; charset=utf-8';
  if (format === 'json') return { filename: `${base}.events.json`, contentType: json, body: JSON.stringify(log) };
  const doc = runToOtlp(log.run, log.events);
  if (format === 'otlp') return { filename: `${base}.otlp.json`, contentType: json, body: JSON.stringify(doc) };
  const bytes = ProtobufTraceSerializer.serializeRequest(readableSpans(doc));
  if (!bytes) throw new Error(`run ${runId}: the OTLP protobuf serializer returned nothing`);
  return { filename: `${base}.otlp.pb`, contentType: 'application/x-protobuf', body: bytes };
}
