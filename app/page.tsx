import { getDb } from '@/lib/db/client';
import { listCustomers, listProducts } from '@/lib/store/storefront';
import { StoreFront } from '@/components/store/store-front';
import { paceSchema } from '@/lib/runtime/pace';

export const dynamic = 'force-dynamic';

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function StorePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const db = await getDb();
  const [products, customers] = await Promise.all([listProducts(db), listCustomers(db)]);
  const initial = {
    customer: first(query.customer),
    cart: first(query.cart),
    by: first(query.by),
    pace: first(query.pace),
  };
  return (
    <StoreFront
      // A new store state in the URL (a remembered one restored, a link followed) is a fresh store, not a prop change to ignore.
      key={JSON.stringify(initial)}
      products={products}
      customers={customers}
      initial={initial}
      defaultPace={storeDefaultPace()}
    />
  );
}

/** Browser orders go at real time, so a person can follow them; STORE_DEFAULT_PACE may say otherwise (the browser tests run instant). */
function storeDefaultPace() {
  const parsed = paceSchema.safeParse(process.env.STORE_DEFAULT_PACE);
  return parsed.success ? parsed.data : 'real_time';
}
