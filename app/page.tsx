import { getDb } from '@/lib/db/client';
import { listCustomers, listProducts } from '@/lib/store/catalog';
import { ProductGrid } from '@/components/store/product-grid';
import { CustomerList } from '@/components/store/customer-list';

export const dynamic = 'force-dynamic';

export default async function StorePage() {
  const db = await getDb();
  const [products, customers] = await Promise.all([listProducts(db), listCustomers(db)]);
  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_360px]">
      <section>
        <h1 className="mb-3 text-lg font-semibold">Store</h1>
        <ProductGrid products={products} />
      </section>
      <aside>
        <h2 className="mb-3 text-lg font-semibold">Customers</h2>
        <CustomerList customers={customers} />
      </aside>
    </div>
  );
}
