import type { InstrumentationScope } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { otelAttributes, readableSpan } from '@/lib/export/otlp-readable';
import { keyValues } from '@/lib/export/otlp-values';
import { OTLP_RESOURCE_ATTRIBUTES, OTLP_SCOPE } from '@/lib/export/to-otlp';
import type { TraceBus, Unsubscribe } from '@/lib/trace/bus';
import { SpanFeed } from './span-feed';

/**
 * Every run's spans to a collector as the run happens: the bus's committed events → the span feed
 * (the export's mapping) → OpenTelemetry's BatchSpanProcessor → its OTLP exporter. The bus listener
 * only maps and enqueues; the processor sends from its own timer, so a collector that is down or
 * slow costs a run nothing. The queue is bounded: past it, spans are dropped and counted here (the
 * processor's own count is private), before it would drop them itself.
 */

export interface LiveExportCounters {
  /** Spans handed to the processor. */
  queued: number;
  /** Spans the processor handed to the exporter (left the queue). */
  sending: number;
  /** Spans the collector accepted. */
  exported: number;
  /** Spans in exports that failed (collector down, refused, timed out): lost. */
  failed: number;
  /** Spans dropped because the queue was full. */
  dropped: number;
}

/** A failed export is already counted, span by span; callers only learn whether all went through. */
function settled(done: Promise<void>): Promise<boolean> {
  return done.then(
    () => true,
    () => false,
  );
}

export class LiveExport {
  readonly counters: LiveExportCounters = { queued: 0, sending: 0, exported: 0, failed: 0, dropped: 0 };
  readonly #feed = new SpanFeed();
  readonly #resource = resourceFromAttributes(otelAttributes(keyValues(OTLP_RESOURCE_ATTRIBUTES)));
  readonly #scope: InstrumentationScope = { ...OTLP_SCOPE };
  readonly processor: SpanProcessor;
  #unsubscribe: Unsubscribe | null = null;

  /** `makeProcessor` gets the counters its exporter keeps up to date. */
  constructor(
    makeProcessor: (counters: LiveExportCounters) => SpanProcessor,
    private readonly maxQueueSize: number,
  ) {
    this.processor = makeProcessor(this.counters);
  }

  /** Spans waiting in the processor's queue now. */
  get inQueue(): number {
    return this.counters.queued - this.counters.sending;
  }

  start(bus: TraceBus): this {
    this.#unsubscribe ??= bus.subscribeAll((event) => {
      for (const span of this.#feed.accept(event)) {
        if (this.inQueue >= this.maxQueueSize) {
          this.counters.dropped++;
          continue;
        }
        this.counters.queued++;
        this.processor.onEnd(readableSpan(span, this.#resource, this.#scope));
      }
    });
    return this;
  }

  /**
   * Stops following runs and sends what is queued (bounded by the exporter's timeout). Resolves
   * false when a collector failed to take some of it: those spans are in `counters.failed`.
   */
  async shutdown(): Promise<boolean> {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    return settled(this.processor.shutdown());
  }

  /** Sends what is queued now; false when the collector failed to take some of it (counted). */
  flush(): Promise<boolean> {
    return settled(this.processor.forceFlush());
  }
}
