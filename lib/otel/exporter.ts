import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { LiveExportSettings } from './config';
import type { LiveExportCounters } from './live-export';

/** OpenTelemetry's own OTLP/HTTP exporter for the protocol, behind its BatchSpanProcessor, counting what happens to each span. */

class CountingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly counters: LiveExportCounters,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.counters.sending += spans.length;
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.counters.exported += spans.length;
      else this.counters.failed += spans.length;
      done(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export function createBatchProcessor(settings: LiveExportSettings, counters: LiveExportCounters): BatchSpanProcessor {
  const config = { url: settings.url, headers: settings.headers, timeoutMillis: settings.timeoutMs };
  const exporter = settings.protocol === 'http/json' ? new JsonExporter(config) : new ProtobufExporter(config);
  return new BatchSpanProcessor(new CountingExporter(exporter, counters), {
    maxQueueSize: settings.maxQueueSize,
    maxExportBatchSize: settings.maxExportBatchSize,
    scheduledDelayMillis: settings.scheduledDelayMs,
    exportTimeoutMillis: settings.timeoutMs + 1000,
  });
}
