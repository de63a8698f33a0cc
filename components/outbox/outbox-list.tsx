import Link from 'next/link';
import type { OutboxMessage } from '@/lib/wire/orders';
import { Badge, StatusBadge } from '../ui/badge';
import { formatDateTime, shortId } from '../ui/format';

/** The messages as the customer got them (or will: queued while the provider is down): newest first, bodies as plain text. */
export function OutboxList({ messages }: { messages: OutboxMessage[] }) {
  if (messages.length === 0) {
    return (
      <p className="px-3 py-8 text-center text-sm text-zinc-500" data-testid="outbox-empty">
        No notifications sent yet.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" data-testid="outbox-list">
      {messages.map((m) => (
        <li
          key={m.id}
          className="grid gap-1 px-3 py-2 sm:grid-cols-[220px_1fr]"
          data-testid="outbox-message"
          data-channel={m.channel}
          data-status={m.status}
          data-order-id={m.orderId ?? ''}
        >
          <div className="space-y-0.5 text-xs">
            <p className="flex items-center gap-1.5">
              <Badge tone={m.channel === 'sms' ? 'accent' : 'neutral'}>{m.channel === 'sms' ? 'SMS' : 'email'}</Badge>
              <StatusBadge status={m.status} testId="outbox-status" />
              <span className="font-mono text-zinc-500">{formatDateTime(m.sentAt ?? m.createdAt)}</span>
            </p>
            {m.status !== 'sent' && (
              <p className="text-[11px] text-zinc-500" data-testid="outbox-delivery">
                {m.attempts} attempt{m.attempts === 1 ? '' : 's'}
                {m.status === 'queued' && m.nextAttemptAt ? `, next ${formatDateTime(m.nextAttemptAt)}` : ''}
                {m.lastError ? ` · ${m.lastError}` : ''}
              </p>
            )}
            <p className="truncate" title={m.to}>
              <span className="text-zinc-500">to</span> {m.customerName ? `${m.customerName} ` : ''}
              <span className="font-mono text-zinc-500">{m.to}</span>
            </p>
            {m.orderId && (
              <p className="flex gap-2 font-mono text-[11px]">
                <Link
                  href={`/outbox?order=${encodeURIComponent(m.orderId)}`}
                  className="text-zinc-500 hover:text-indigo-600"
                  title={`only order ${m.orderId}`}
                >
                  order {shortId(m.orderId)}
                </Link>
                {m.runId && (
                  <Link
                    href={`/runs/${encodeURIComponent(m.runId)}`}
                    className="text-indigo-600 hover:underline dark:text-indigo-400"
                  >
                    run →
                  </Link>
                )}
              </p>
            )}
          </div>
          <div className="min-w-0">
            {m.subject && <p className="text-sm font-medium">{m.subject}</p>}
            <p
              className="whitespace-pre-wrap break-words text-sm text-zinc-700 dark:text-zinc-300"
              data-testid="outbox-body"
            >
              {m.body}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}
