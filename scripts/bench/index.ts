import os from 'node:os';
import { printTable, type BenchRow, type BenchSection } from './support/bench-table';
import {
  hostAdjustedRatio,
  previousFigure,
  ratioToBaseline,
  readBaseline,
  saveBaseline,
  BASELINE_FILE,
} from './support/baseline';
import { measureHostSpeed } from './support/host-speed';
import { historyQueries } from './history-queries';
import { ordersThroughput } from './orders-throughput';
import { postgresBench } from './postgres';
import { recorderThroughput } from './recorder-throughput';
import { scorecardThroughput } from './scorecard-throughput';
import { searchIndexCost } from './search-index-cost';
import { sseLatency } from './sse-latency';

/**
 * `npm run bench [-- <section id>...] [-- --save]`: each section is a file of its own that returns the rows of
 * one table (name, figure, unit, target, before, ratio/notes); add a section by adding a file and a line below.
 * Figures are printed, never asserted. Rows marked `headline` are gathered in a summary table at the end, each
 * beside the figure of the run last saved in scripts/bench/baseline.json and its ratio to it (the regression
 * guard); `--save` makes this run's figures the ones the next run compares with. Each section is bracketed by
 * a host-speed measurement (support/host-speed.ts), kept with the figures, so a time or a rate is also compared
 * with the host's change of speed taken out.
 */
const SECTIONS: BenchSection[] = [
  recorderThroughput,
  searchIndexCost,
  sseLatency,
  ordersThroughput,
  scorecardThroughput,
  historyQueries,
  postgresBench,
];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const save = args.includes('--save');
  const wanted = args.filter((a) => a !== '--save');
  const unknown = wanted.filter((id) => !SECTIONS.some((s) => s.id === id));
  if (unknown.length)
    throw new Error(
      `unknown bench section(s) ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.id).join(', ')}; flag: --save`,
    );
  // Figures are wall-clock unless they say CPU: on a shared machine, read them next to the load they ran under.
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(
    `# bench: node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} cpus, load average ${load()}`,
  );
  const baseline = readBaseline();
  const headlines: BenchRow[] = [];
  const begun = performance.now();
  for (const section of SECTIONS.filter((s) => wanted.length === 0 || wanted.includes(s.id))) {
    const started = performance.now();
    // The host's speed before and after: this machine's drifts by a third within minutes.
    const hostBefore = measureHostSpeed();
    const rows = await section.run();
    const hostMs = (hostBefore + measureHostSpeed()) / 2;
    printTable(
      `${section.title} [${((performance.now() - started) / 1000).toFixed(1)} s, load after: ${load()}, host-speed reference ${hostMs.toFixed(1)} ms CPU]`,
      rows,
    );
    // A section that measured the host next to its own passes says so per row.
    headlines.push(
      ...rows
        .filter((r) => r.headline)
        .map((r) => ({ ...r, name: `${section.id}: ${r.name}`, hostMs: r.hostMs ?? hostMs })),
    );
  }
  if (headlines.length) {
    printTable(`Summary [${((performance.now() - begun) / 1000).toFixed(0)} s in all, load ${load()}]`, headlines, [
      { header: 'previous (saved)', cell: (r) => previousFigure(r, baseline) },
      { header: 'vs previous', cell: (r) => ratioToBaseline(r, baseline) },
      { header: 'host-adjusted', cell: (r) => hostAdjustedRatio(r, baseline) },
    ]);
    if (save) {
      saveBaseline(headlines, load());
      console.log(`\nsaved ${headlines.length} figure(s) to ${BASELINE_FILE}: the next run compares with them`);
    } else {
      console.log(`\n(--save keeps these figures in ${BASELINE_FILE} for the next run's comparison)`);
    }
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
