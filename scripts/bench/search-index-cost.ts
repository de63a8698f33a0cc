import Database from 'better-sqlite3';
import { median, type BenchRow, type BenchSection } from './support/bench-table';
import {
  arrivalOrder,
  measureRaw,
  measureRecorder,
  spread,
  stampAll,
  type Measured,
  type MeasureOptions,
  type Workload,
} from './recorder-throughput';
import { syntheticEvents } from './support/synthetic-events';

/**
 * What the history search index costs the insert path. It is fed after commit, one INSERT ... SELECT
 * per committed batch (lib/trace/search-indexer.ts, migration trace_search_after_commit): the
 * recorder and raw better-sqlite3 with it, and not indexing at all. For reference, raw inserts with
 * the per-row insert trigger that fed the index before (migration trace_search_by_run, put back on
 * a fresh file). Rounds alternate; medians are printed.
 */

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WORKLOAD: Workload = { label: '16 concurrent runs', runs: 16, events: 48_000, window: 256 };

/** The insert trigger of migration trace_search_by_run, which trace_search_after_commit dropped. */
const FORMER_INSERT_TRIGGER = `CREATE TRIGGER "TraceEvent_search_insert" AFTER INSERT ON "TraceEvent"
WHEN NEW."type" IN ('model.step', 'tool.call', 'tool.result', 'message.sent')
BEGIN
    INSERT INTO "TraceEventSearch" ("rowid", "body")
    SELECT "searchRowid", "body" FROM "TraceEventSearchSource" WHERE "id" = NEW."id";
END`;

function restoreInsertTrigger(filePath: string): void {
  const db = new Database(filePath);
  try {
    db.exec(FORMER_INSERT_TRIGGER);
  } finally {
    db.close();
  }
}

const NOT_INDEXED: MeasureOptions = { indexed: false };

export const searchIndexCost: BenchSection = {
  id: 'search-index',
  title:
    'History search index on the insert path: indexed after commit vs not indexed (and the former per-row trigger)',
  async run(): Promise<BenchRow[]> {
    const perRun = syntheticEvents(WORKLOAD.events / WORKLOAD.runs);
    const batches = arrivalOrder(WORKLOAD, stampAll(perRun));
    const textShare =
      perRun.filter((e) => ['model.step', 'tool.call', 'tool.result', 'message.sent'].includes(e.type)).length /
      perRun.length;
    const figures = {
      recorder: [] as Measured[],
      recorderBare: [] as Measured[],
      raw: [] as Measured[],
      rawBare: [] as Measured[],
      rawTrigger: [] as Measured[],
    };
    for (let round = 0; round < ROUNDS; round++) {
      figures.recorder.push(await measureRecorder(WORKLOAD, perRun));
      figures.recorderBare.push(await measureRecorder(WORKLOAD, perRun, NOT_INDEXED));
      figures.raw.push(await measureRaw(WORKLOAD, batches, true));
      figures.rawBare.push(await measureRaw(WORKLOAD, batches, true, NOT_INDEXED));
      figures.rawTrigger.push(
        await measureRaw(WORKLOAD, batches, true, { indexed: false, prepare: restoreInsertTrigger }),
      );
    }
    const rate = (m: Measured[]) => median(m.map((x) => x.rate));
    const cpu = (m: Measured[]) => median(m.map((x) => x.cpuUs));
    const row = (name: string, m: Measured[], bare: Measured[], unit: string, headline = false): BenchRow => ({
      name,
      figure: Math.round(rate(m)),
      unit,
      headline,
      notes: `${(rate(m) / rate(bare)).toFixed(2)}x not indexing (${Math.round(rate(bare)).toLocaleString('en-US')}/s); +${(cpu(m) - cpu(bare)).toFixed(1)} µs CPU/event; ${spread(m.map((x) => x.rate))}`,
    });
    return [
      row('recorder, indexed after commit', figures.recorder, figures.recorderBare, 'events/s', true),
      row('raw better-sqlite3, indexed after each tx', figures.raw, figures.rawBare, 'rows/s'),
      row('raw, former per-row insert trigger', figures.rawTrigger, figures.rawBare, 'rows/s'),
      {
        name: 'events indexed',
        figure: `${Math.round(textShare * 100)}%`,
        unit: '',
        notes: `model steps, tool calls and results, messages; ${WORKLOAD.events.toLocaleString('en-US')} events, median of ${ROUNDS}`,
      },
    ];
  },
};
