import os from 'node:os';
import { printTable, type BenchSection } from './support/bench-table';
import { recorderThroughput } from './recorder-throughput';
import { sseLatency } from './sse-latency';

/**
 * `npm run bench [-- <section id>...]`: each section is a file of its own that returns the rows of
 * one table (name, figure, unit, ratio/notes); add a section by adding a file and a line below.
 * Figures are printed, never asserted.
 */
const SECTIONS: BenchSection[] = [recorderThroughput, sseLatency];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((id) => !SECTIONS.some((s) => s.id === id));
  if (unknown.length) throw new Error(`unknown bench section(s) ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.id).join(', ')}`);
  // Figures are wall-clock: on a shared machine, read them next to the load they ran under.
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`# bench: node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} cpus, load average ${load()}`);
  for (const section of SECTIONS.filter((s) => wanted.length === 0 || wanted.includes(s.id))) {
    const started = performance.now();
    const rows = await section.run();
    printTable(`${section.title} [${((performance.now() - started) / 1000).toFixed(1)} s, load after: ${load()}]`, rows);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
