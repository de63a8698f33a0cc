import Link from 'next/link';
import { getDb } from '@/lib/db/client';
import { listOutbox, outboxQuerySchema } from '@/lib/store/outbox';
import { OutboxList } from '@/components/outbox/outbox-list';
import { AutoRefresh } from '@/components/ui/auto-refresh';
import { Panel } from '@/components/ui/panel';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Outbox · Agent Checkout Observatory' };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** /outbox[?order=<orderId>]: the emails and SMS sent, newest first. */
export default async function OutboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const parsed = outboxQuerySchema.safeParse({ orderId: first(query.order) || undefined, limit: 200 });
  const filter = parsed.success ? parsed.data : { orderId: undefined, limit: 200 };
  const messages = await listOutbox(await getDb(), filter);
  return (
    <div className="space-y-3">
      <AutoRefresh intervalMs={3000} />
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold">Outbox</h1>
        <p className="text-xs text-zinc-500">
          What the customers were told: every email and SMS the notification service sent.
        </p>
      </div>
      <Panel
        title={filter.orderId ? `Order ${filter.orderId} · ${messages.length}` : `Newest ${messages.length}`}
        bodyClassName=""
        testId="outbox"
        actions={
          <form action="/outbox" className="flex items-center gap-1.5" role="search">
            <label className="sr-only" htmlFor="outbox-order">
              Order id
            </label>
            <input
              id="outbox-order"
              name="order"
              defaultValue={filter.orderId ?? ''}
              placeholder="filter by order id"
              data-testid="outbox-filter"
              className="h-6 w-56 rounded border border-zinc-300 bg-white px-1.5 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-950"
            />
            <button
              type="submit"
              className="h-6 rounded border border-zinc-300 px-2 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            >
              Filter
            </button>
            {filter.orderId && (
              <Link href="/outbox" className="text-xs text-indigo-600 hover:underline dark:text-indigo-400">
                all orders
              </Link>
            )}
          </form>
        }
      >
        {!parsed.success && (
          <p className="px-3 pt-2 text-xs text-red-600">That order id is not valid; showing every order.</p>
        )}
        <OutboxList messages={messages} />
      </Panel>
    </div>
  );
}
