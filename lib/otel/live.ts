import { getTraceBus } from '@/lib/trace/bus';
import type { LiveExportStatus } from '@/lib/wire/health';
import { displayEndpoint, readLiveExportSettings, type LiveExportSettings } from './config';
import { createBatchProcessor } from './exporter';
import { LiveExport } from './live-export';

/**
 * The process's live export, if OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT is set: started once at
 * start-up (register() may run more than once), read by GET /api/health.
 */

const KEY = Symbol.for('agent-checkout.otel-live-export');
type GlobalWithExport = typeof globalThis & { [KEY]?: { settings: LiveExportSettings; live: LiveExport } };

export function createLiveExport(settings: LiveExportSettings): LiveExport {
  return new LiveExport((counters) => createBatchProcessor(settings, counters), settings.maxQueueSize);
}

/** Reads the settings (throws OtelSettingsError naming a bad variable) and starts following runs; null when not configured. */
export function startLiveExport(
  env: Readonly<Record<string, string | undefined>> = process.env,
): LiveExportSettings | null {
  const settings = readLiveExportSettings(env);
  if (!settings) return null;
  const g = globalThis as GlobalWithExport;
  g[KEY] ??= { settings, live: createLiveExport(settings).start(getTraceBus()) };
  return g[KEY].settings;
}

/** What GET /api/health shows: where spans go and what became of them (drops and failures counted). */
export function liveExportStatus(): LiveExportStatus {
  const entry = (globalThis as GlobalWithExport)[KEY];
  if (!entry) return { enabled: false };
  const { queued, exported, failed, dropped } = entry.live.counters;
  return {
    enabled: true,
    endpoint: displayEndpoint(entry.settings.url),
    protocol: entry.settings.protocol,
    queued,
    inQueue: entry.live.inQueue,
    exported,
    failed,
    dropped,
  };
}

/** Stops the process's live export, sending what is queued (a shutdown, or a test that started one). */
export async function stopLiveExport(): Promise<void> {
  const g = globalThis as GlobalWithExport;
  const entry = g[KEY];
  delete g[KEY];
  await entry?.live.shutdown();
}
