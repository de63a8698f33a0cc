import os from 'node:os';
import { printTable, type BenchRow, type BenchSection } from './support/bench-table';
import { historyQueries } from './history-queries';
import { ordersThroughput } from './orders-throughput';
import { postgresBench } from './postgres';
import { recorderThroughput } from './recorder-throughput';
import { searchIndexCost } from './search-index-cost';
import { sseLatency } from './sse-latency';

/**
 * `npm run bench [-- <section id>...]`: each section is a file of its own that returns the rows of
 * one table (name, figure, unit, ratio/notes); add a section by adding a file and a line below.
 * Figures are printed, never asserted. Rows marked `headline` are gathered in a summary table at the end.
 */
const SECTIONS: BenchSection[] = [recorderThroughput, searchIndexCost, sseLatency, ordersThroughput, historyQueries, postgresBench];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((id) => !SECTIONS.some((s) => s.id === id));
  if (unknown.length) throw new Error(`unknown bench section(s) ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.id).join(', ')}`);
  // Figures are wall-clock: on a shared machine, read them next to the load they ran under.
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`# bench: node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} cpus, load average ${load()}`);
  const headlines: BenchRow[] = [];
  const begun = performance.now();
  for (const section of SECTIONS.filter((s) => wanted.length === 0 || wanted.includes(s.id))) {
    const started = performance.now();
    const rows = await section.run();
    printTable(`${section.title} [${((performance.now() - started) / 1000).toFixed(1)} s, load after: ${load()}]`, rows);
    headlines.push(...rows.filter((r) => r.headline).map((r) => ({ ...r, name: `${section.id}: ${r.name}` })));
  }
  if (headlines.length) printTable(`Summary [${((performance.now() - begun) / 1000).toFixed(0)} s in all]`, headlines);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
