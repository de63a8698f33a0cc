/**
 * The live export's settings, from OpenTelemetry's standard exporter variables (the OTLP exporter
 * spec's names and rules): a base OTEL_EXPORTER_OTLP_ENDPOINT gets `v1/traces` appended, a
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is used as is; headers are `key=value` pairs, comma-separated,
 * values percent-decoded; the signal-specific variable wins over the general one. Unset endpoint (or
 * OTEL_SDK_DISABLED=true): no live export. A bad value is an error naming the variable, at start-up.
 */

import { OTLP_PROTOCOLS, type OtlpProtocol } from '@/lib/wire/health';

export interface LiveExportSettings {
  /** Where spans are POSTed: the full /v1/traces URL. */
  url: string;
  protocol: OtlpProtocol;
  headers: Record<string, string>;
  /** One export request, request to response. */
  timeoutMs: number;
  /** Spans waiting to be sent; beyond it new spans are dropped (and counted), never waited for. */
  maxQueueSize: number;
  maxExportBatchSize: number;
  scheduledDelayMs: number;
}

const DEFAULTS = { timeoutMs: 10_000, maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMs: 1000 } as const;

export class OtelSettingsError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
    this.name = 'OtelSettingsError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function pick(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function url(variable: string, raw: string): URL {
  const parsed = URL.canParse(raw) ? new URL(raw) : null;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
    throw new OtelSettingsError(variable, `${JSON.stringify(raw)} is not an http(s) URL`);
  }
  return parsed;
}

/** `k1=v1,k2=v2` (W3C baggage-like, values percent-encoded), as the OTLP exporter spec writes headers. */
export function parseOtlpHeaders(variable: string, raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of raw.split(',')) {
    if (pair.trim() === '') continue;
    const at = pair.indexOf('=');
    const key = at > 0 ? pair.slice(0, at).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(key))
      throw new OtelSettingsError(
        variable,
        `${JSON.stringify(pair.trim())} is not key=value with a header name as key`,
      );
    let value: string;
    try {
      value = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      throw new OtelSettingsError(variable, `the value of ${key} is not valid percent-encoding`);
    }
    if (/[\r\n\0]/.test(value)) throw new OtelSettingsError(variable, `the value of ${key} holds a line break or NUL`);
    headers[key.toLowerCase()] = value;
  }
  return headers;
}

function int(env: Env, variable: string, min: number, max: number): number | undefined {
  const raw = pick(env, variable);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new OtelSettingsError(variable, `${JSON.stringify(raw)} is not a whole number in ${min}..${max}`);
  return n;
}

/** null: no live export. Throws OtelSettingsError naming the variable for a bad value. */
export function readLiveExportSettings(env: Env = process.env): LiveExportSettings | null {
  const disabled = pick(env, 'OTEL_SDK_DISABLED');
  if (disabled !== undefined && !['true', 'false'].includes(disabled.toLowerCase()))
    throw new OtelSettingsError('OTEL_SDK_DISABLED', `${JSON.stringify(disabled)} is not true or false`);
  const tracesEndpoint = pick(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const baseEndpoint = pick(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  let target: URL | null = null;
  if (tracesEndpoint !== undefined) target = url('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', tracesEndpoint);
  else if (baseEndpoint !== undefined) {
    const base = url('OTEL_EXPORTER_OTLP_ENDPOINT', baseEndpoint);
    base.pathname = `${base.pathname.replace(/\/$/, '')}/v1/traces`;
    target = base;
  }
  const protocolVar =
    pick(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL') !== undefined
      ? 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'
      : 'OTEL_EXPORTER_OTLP_PROTOCOL';
  const protocolRaw = pick(env, protocolVar) ?? 'http/protobuf';
  const protocol = OTLP_PROTOCOLS.find((p) => p === protocolRaw);
  if (!protocol)
    throw new OtelSettingsError(
      protocolVar,
      `${JSON.stringify(protocolRaw)} is not one of ${OTLP_PROTOCOLS.join(', ')} (grpc is not supported)`,
    );
  const headers = {
    ...parseOtlpHeaders('OTEL_EXPORTER_OTLP_HEADERS', pick(env, 'OTEL_EXPORTER_OTLP_HEADERS') ?? ''),
    ...parseOtlpHeaders('OTEL_EXPORTER_OTLP_TRACES_HEADERS', pick(env, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS') ?? ''),
  };
  const timeoutMs =
    int(env, 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 1, 600_000) ??
    int(env, 'OTEL_EXPORTER_OTLP_TIMEOUT', 1, 600_000) ??
    DEFAULTS.timeoutMs;
  const maxQueueSize = int(env, 'OTEL_BSP_MAX_QUEUE_SIZE', 1, 1_000_000) ?? DEFAULTS.maxQueueSize;
  const maxExportBatchSize = Math.min(
    maxQueueSize,
    int(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 1, 1_000_000) ?? DEFAULTS.maxExportBatchSize,
  );
  const scheduledDelayMs = int(env, 'OTEL_BSP_SCHEDULE_DELAY', 0, 600_000) ?? DEFAULTS.scheduledDelayMs;
  if (target === null || disabled?.toLowerCase() === 'true') return null;
  return { url: target.toString(), protocol, headers, timeoutMs, maxQueueSize, maxExportBatchSize, scheduledDelayMs };
}

/** The endpoint as safe to show (GET /api/health): no credentials, no query. */
export function displayEndpoint(raw: string): string {
  const u = new URL(raw);
  return `${u.protocol}//${u.host}${u.pathname}`;
}
