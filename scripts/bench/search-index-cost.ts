import Database from 'better-sqlite3';
import { median, type BenchRow, type BenchSection } from './support/bench-table';
import { arrivalOrder, measureRaw, measureRecorder, spread, stampAll, type Measured, type Workload } from './recorder-throughput';
import { syntheticEvents } from './support/synthetic-events';

/**
 * What the history search index costs the insert path: the FTS5 trigger on TraceEvent (migration
 * trace_event_search) tokenizes every model step, tool call, tool result and message as it is
 * recorded. Same workload with the trigger, and on a file where it has been dropped; the recorder
 * and raw better-sqlite3 alike. Rounds alternate; medians are printed.
 */

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WORKLOAD: Workload = { label: '16 concurrent runs', runs: 16, events: 48_000, window: 256 };

function dropSearchTrigger(filePath: string): void {
  const db = new Database(filePath);
  try {
    db.exec('DROP TRIGGER "TraceEvent_search_insert"');
  } finally {
    db.close();
  }
}

export const searchIndexCost: BenchSection = {
  id: 'search-index',
  title: 'History search index (FTS5 trigger) on the insert path: with it vs dropped',
  async run(): Promise<BenchRow[]> {
    const perRun = syntheticEvents(WORKLOAD.events / WORKLOAD.runs);
    const batches = arrivalOrder(WORKLOAD, stampAll(perRun));
    const textShare = perRun.filter((e) => ['model.step', 'tool.call', 'tool.result', 'message.sent'].includes(e.type)).length / perRun.length;
    const figures = { recorder: [] as Measured[], recorderBare: [] as Measured[], raw: [] as Measured[], rawBare: [] as Measured[] };
    for (let round = 0; round < ROUNDS; round++) {
      figures.recorder.push(await measureRecorder(WORKLOAD, perRun));
      figures.recorderBare.push(await measureRecorder(WORKLOAD, perRun, dropSearchTrigger));
      figures.raw.push(await measureRaw(WORKLOAD, batches, true));
      figures.rawBare.push(await measureRaw(WORKLOAD, batches, true, dropSearchTrigger));
    }
    const rate = (m: Measured[]) => median(m.map((x) => x.rate));
    const cpu = (m: Measured[]) => median(m.map((x) => x.cpuUs));
    const row = (name: string, m: Measured[], bare: Measured[], unit: string, headline = false): BenchRow => ({
      name, figure: Math.round(rate(m)), unit, headline,
      notes: `${(rate(m) / rate(bare)).toFixed(2)}x without the trigger (${Math.round(rate(bare)).toLocaleString('en-US')}/s); +${(cpu(m) - cpu(bare)).toFixed(1)} µs CPU/event; ${spread(m.map((x) => x.rate))}`,
    });
    return [
      row('recorder, with search trigger', figures.recorder, figures.recorderBare, 'events/s', true),
      row('raw better-sqlite3, with search trigger', figures.raw, figures.rawBare, 'rows/s'),
      { name: 'events indexed', figure: `${Math.round(textShare * 100)}%`, unit: '', notes: `model steps, tool calls and results, messages; ${WORKLOAD.events.toLocaleString('en-US')} events, median of ${ROUNDS}` },
    ];
  },
};
