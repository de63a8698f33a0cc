import { getDb } from '@/lib/db/client';
import { listCustomers, listProducts } from '@/lib/store/catalog';
import { StoreFront } from '@/components/store/store-front';

export const dynamic = 'force-dynamic';

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function StorePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const db = await getDb();
  const [products, customers] = await Promise.all([listProducts(db), listCustomers(db)]);
  return (
    <StoreFront
      products={products}
      customers={customers}
      initial={{ customer: first(query.customer), cart: first(query.cart), by: first(query.by) }}
    />
  );
}
