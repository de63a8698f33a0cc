'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { fetchOrderDetails, type OrderDetailsView } from '../api/order-details';
import { usePolling } from '../hooks/use-polling';
import { Badge, StatusBadge } from '../ui/badge';
import { formatMoney } from '@/lib/protocol/money';
import { formatTime } from '../ui/format';

function Block({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <div data-testid={testId} className="min-w-0">
      <h4 className="mb-1 text-[11px] font-semibold uppercase tracking-wide text-zinc-500">{title}</h4>
      {children}
    </div>
  );
}

const none = <p className="text-xs italic text-zinc-400">none</p>;

function Details({ d }: { d: OrderDetailsView }) {
  const cur = d.order.currency;
  return (
    <div className="space-y-3">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">Order</span>
        <StatusBadge status={d.order.status} testId="order-status" />
        <span className="font-mono text-xs">{formatMoney(d.order.totalCents, cur)}</span>
        {d.order.needsReview && <Badge tone="warn">needs review</Badge>}
        <span
          className="min-w-0 flex-1 text-xs break-words text-zinc-600 dark:text-zinc-400"
          data-testid="order-outcome"
        >
          {d.order.outcome}
        </span>
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Block title="Payments" testId="order-payments">
          {d.payments.length === 0 ? (
            none
          ) : (
            <ul className="space-y-0.5 text-xs">
              {d.payments.map((p) => (
                // Wraps rather than cuts: the card of a declined payment is the point of the row.
                <li
                  key={p.id}
                  className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5"
                  data-testid="order-payment"
                  data-status={p.status}
                >
                  <StatusBadge status={p.status} />
                  <span>{p.kind}</span>
                  <span className="font-mono">{formatMoney(p.amountCents, cur)}</span>
                  <span className="break-all text-zinc-500" data-testid="order-payment-card">
                    {p.card ?? ''}
                  </span>
                  {p.errorCode && <span className="font-mono text-red-600 dark:text-red-400">{p.errorCode}</span>}
                </li>
              ))}
            </ul>
          )}
        </Block>
        <Block title="Stock" testId="order-stock">
          {d.reservations.length === 0 ? (
            none
          ) : (
            <ul className="space-y-0.5 text-xs">
              {d.reservations.map((r) => (
                <li key={r.id} className="flex items-center gap-1.5">
                  <StatusBadge status={r.status} />
                  <span className="font-mono">{r.sku}</span>
                  <span>× {r.quantity}</span>
                </li>
              ))}
            </ul>
          )}
        </Block>
        <Block title="Shipment" testId="order-shipments">
          {d.shipments.length === 0 ? (
            none
          ) : (
            <ul className="space-y-0.5 text-xs">
              {d.shipments.map((s) => (
                <li key={s.id} className="flex flex-wrap items-center gap-1.5">
                  <StatusBadge status={s.status} />
                  <span>
                    {s.carrier} {s.service}
                  </span>
                  {s.trackingNo && <span className="font-mono">{s.trackingNo}</span>}
                  <span className="w-full truncate text-zinc-500">{s.address}</span>
                </li>
              ))}
            </ul>
          )}
        </Block>
        <Block title="Notifications" testId="order-notifications">
          {d.notifications.length === 0 ? (
            none
          ) : (
            <ul className="space-y-0.5 text-xs">
              {d.notifications.map((n) => (
                <li key={n.id} className="truncate" title={n.body}>
                  <Badge>{n.channel}</Badge> <span className="font-mono text-zinc-500">{formatTime(n.createdAt)}</span>{' '}
                  {n.subject || n.body}
                </li>
              ))}
            </ul>
          )}
          {d.notifications.length > 0 && (
            <Link
              href={`/outbox?order=${encodeURIComponent(d.order.id)}`}
              className="text-[11px] text-indigo-600 hover:underline dark:text-indigo-400"
            >
              open in the outbox →
            </Link>
          )}
        </Block>
      </div>
    </div>
  );
}

function LoadedOrder({ orderId }: { orderId: string }) {
  const { data, error } = usePolling(() => fetchOrderDetails(orderId), null);
  if (error) return <p className="text-xs text-red-600 dark:text-red-400">Could not load the order: {error}</p>;
  if (!data) return <p className="text-xs text-zinc-400">Loading the order…</p>;
  return <Details d={data} />;
}

/** The order's final state (payment, stock, shipment, notifications), loaded once the run has ended. */
export function OrderState({ orderId, ended }: { orderId: string | null; ended: boolean }) {
  return (
    <div data-testid="order-state" data-ready={ended && orderId !== null} className="min-h-24 p-3">
      {!orderId ? (
        <p className="text-xs text-zinc-500">This run has no order.</p>
      ) : ended ? (
        <LoadedOrder key={orderId} orderId={orderId} />
      ) : (
        <p className="text-xs text-zinc-500">
          The order&apos;s final state (payment, stock, shipment, notifications) appears here when the run ends.
        </p>
      )}
    </div>
  );
}
