import type { ModeScore, ScorecardReport } from '../api/scorecards';
import { kindRows, share } from './scorecard-model';

const MODES = [
  { key: 'agents', label: 'Micro-agents' },
  { key: 'orchestrator', label: 'Orchestrator' },
] as const;

/** How each mode's orders ended, as parts of a bar: placed, failed safely, failed leaving something wrong. */
const PARTS = [
  { key: 'placed', label: 'placed', fill: 'fill-emerald-500' },
  { key: 'safe', label: 'failed safely', fill: 'fill-zinc-400 dark:fill-zinc-500' },
  { key: 'unsafe', label: 'failed, not safely', fill: 'fill-red-500' },
] as const;

function parts(s: ModeScore): Record<(typeof PARTS)[number]['key'], number> {
  const placed = s.goalReached;
  const safe = Math.min(s.failedSafely, s.orders - placed);
  return { placed, safe, unsafe: Math.max(0, s.orders - placed - safe) };
}

/** One bar: the parts as shares of the orders (percent widths: the SVG scales with its column, nothing in it stretches). */
function Bar({ score }: { score: ModeScore }) {
  const p = parts(score);
  let x = 0;
  return (
    <svg
      width="100%"
      height="14"
      role="img"
      aria-label={`${p.placed} placed, ${p.safe} failed safely, ${p.unsafe} failed not safely, of ${score.orders}`}
      className="block overflow-visible"
    >
      <rect x="0" y="0" width="100%" height="14" rx="2" className="fill-zinc-100 dark:fill-zinc-800" />
      {score.orders > 0 &&
        PARTS.map(({ key, fill }) => {
          const width = (100 * p[key]) / score.orders;
          const at = x;
          x += width;
          return width > 0 ? (
            <rect key={key} x={`${at}%`} y="0" width={`${width}%`} height="14" className={fill} data-part={key} />
          ) : null;
        })}
    </svg>
  );
}

/**
 * The scorecard at a glance: per fault kind, how the micro-agents' orders ended beside the
 * orchestrator's (placed, failed safely, failed leaving something wrong), with pass^k beside each.
 */
export function ScorecardChart({ report }: { report: ScorecardReport }) {
  const rows = [...kindRows(report), { kind: 'all orders', scores: report.results.totals }];
  const k = report.k;
  return (
    <figure className="space-y-2" data-testid="scorecard-chart" data-report-id={report.id}>
      <figcaption className="flex flex-wrap items-center gap-x-3 gap-y-1 text-[11px] text-zinc-600 dark:text-zinc-400">
        <span className="font-medium text-zinc-800 dark:text-zinc-200">How the orders ended, per fault kind</span>
        {PARTS.map((p) => (
          <span key={p.key} className="flex items-center gap-1">
            <svg width="10" height="10" aria-hidden>
              <rect width="10" height="10" rx="2" className={p.fill} />
            </svg>
            {p.label}
          </span>
        ))}
      </figcaption>
      <div className="grid grid-cols-[minmax(0,8rem)_minmax(0,6.5rem)_minmax(0,1fr)_auto] items-center gap-x-2 gap-y-0.5 text-[11px]">
        {rows.map(({ kind, scores }) =>
          MODES.map((mode, i) => {
            const s = scores[mode.key];
            const pass = share(s.passK, s.orders);
            return (
              <div
                key={`${kind}-${mode.key}`}
                className="contents"
                data-testid="scorecard-bar"
                data-kind={kind}
                data-mode={mode.key}
              >
                <span className={`truncate ${i === 0 ? 'pt-1.5 font-medium' : ''}`} title={kind}>
                  {i === 0 ? (kind === 'none' ? 'no fault fired' : kind) : ''}
                </span>
                <span className={`truncate text-zinc-500 ${i === 0 ? 'pt-1.5' : ''}`}>{mode.label}</span>
                <span className={i === 0 ? 'pt-1.5' : ''}>
                  <Bar score={s} />
                </span>
                <span
                  className={`w-24 text-right font-mono tabular-nums ${i === 0 ? 'pt-1.5' : ''}`}
                  title={`${s.passK} of ${s.orders} orders: all ${k} trials ended correctly`}
                >
                  pass^{k} {pass === null ? '—' : `${pass}%`}
                </span>
              </div>
            );
          }),
        )}
      </div>
      <p className="text-[11px] text-zinc-500" data-testid="pass-k-explained">
        <span className="font-medium text-zinc-700 dark:text-zinc-300">pass^{k}</span> asks whether a mode gets an order
        right <em>every</em> time: each order was run {k} time{k === 1 ? '' : 's'} by each mode, and it counts only if
        all {k} of those runs ended correctly (placed when the order could be placed under its faults, otherwise stopped
        safely with every hold released and nothing charged). One good run and one bad run is a miss, so it measures how
        dependable a mode is, not whether it can succeed once.
      </p>
    </figure>
  );
}
