import { recordedFinalOrderSchema } from '@/lib/trace/final-order';
import { Badge, StatusBadge } from '../ui/badge';
import { formatMoney } from '@/lib/protocol/money';

function Figure({ label, value, tone = '' }: { label: string; value: string | number; tone?: string }) {
  return (
    <span className="flex items-baseline gap-1">
      <span className={`font-mono tabular-nums ${tone}`}>{value}</span>
      <span className="text-zinc-500">{label}</span>
    </span>
  );
}

/**
 * A re-run or fork ran in a sandbox: its order lives in no store anyone can read afterwards. What it
 * ended with is what the run recorded at its end (run.finished's order), shown here instead of the
 * live order (which belongs to the parent run).
 */
export function RecordedOrder({ order, ended }: { order: unknown; ended: boolean }) {
  const parsed = recordedFinalOrderSchema.safeParse(order);
  return (
    <div data-testid="order-state" data-ready={ended} data-sandbox="true" className="min-h-24 space-y-2 p-3 text-xs">
      <p className="text-zinc-500">
        This run ran in a sandbox (a re-run or fork): the order below is the state it recorded at its end, not the live
        store&apos;s.
      </p>
      {!ended ? (
        <p className="text-zinc-500">It appears here when the run ends.</p>
      ) : !parsed.success ? (
        <p className="italic text-zinc-400">No final order state was recorded.</p>
      ) : (
        <>
          <p className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">Order</span>
            <StatusBadge status={parsed.data.status} testId="order-status" />
            <span className="font-mono text-xs">{formatMoney(parsed.data.totalCents)}</span>
            {parsed.data.needsReview && <Badge tone="warn">needs review</Badge>}
          </p>
          <p className="flex flex-wrap gap-x-3 gap-y-1">
            <Figure label="captured" value={formatMoney(parsed.data.capturedCents)} />
            <Figure label="refunded" value={formatMoney(parsed.data.refundedCents)} />
            <Figure
              label="open authorizations"
              value={parsed.data.openAuthorizations}
              tone={parsed.data.openAuthorizations ? 'text-amber-600 dark:text-amber-400' : ''}
            />
            <Figure label="items held" value={parsed.data.heldReservations} />
            <Figure label="items committed" value={parsed.data.committedReservations} />
            <Figure label="notifications" value={parsed.data.notifications} />
          </p>
          {parsed.data.shipments.length > 0 && (
            <p className="flex flex-wrap gap-2">
              {parsed.data.shipments.map((s, i) => (
                <span key={`${s.carrier}-${i}`} className="flex items-center gap-1">
                  <StatusBadge status={s.status} /> {s.carrier}
                </span>
              ))}
            </p>
          )}
          {parsed.data.violations.length > 0 ? (
            <ul className="text-red-700 dark:text-red-400" data-testid="order-violations">
              {parsed.data.violations.map((v) => (
                <li key={v}>✗ {v}</li>
              ))}
            </ul>
          ) : (
            <p className="text-emerald-700 dark:text-emerald-400">✓ every business invariant holds</p>
          )}
        </>
      )}
    </div>
  );
}
