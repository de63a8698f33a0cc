import type { PrismaClient } from '@/lib/db/client';
import { DEMO_CUSTOMERS } from '@/lib/db/demo-data';
import type { PaymentMethodView } from '@/lib/services/customer';

/** What the store page shows: plain data, safe to pass to client components. */
export interface CatalogProduct {
  id: string;
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  stock: number;
  reserved: number;
  available: number;
}

/** A card as the CustomerService shows it, plus how the test gateway answers for it (the store says so; agents never see it). */
export type CatalogCard = PaymentMethodView & { behavior: string };

export interface CatalogCustomer {
  id: string;
  name: string;
  email: string;
  city: string;
  country: string;
  scenario: string;
  cards: CatalogCard[];
}

export async function listProducts(db: PrismaClient): Promise<CatalogProduct[]> {
  const rows = await db.product.findMany({ orderBy: { sku: 'asc' } });
  return rows.map(({ createdAt: _createdAt, ...p }) => ({ ...p, available: p.stock - p.reserved }));
}

const scenarioById = new Map(DEMO_CUSTOMERS.map((c) => [c.id, c.scenario]));

export async function listCustomers(db: PrismaClient): Promise<CatalogCustomer[]> {
  const rows = await db.customer.findMany({
    orderBy: { createdAt: 'asc' },
    include: { paymentMethods: { orderBy: [{ role: 'desc' }, { createdAt: 'asc' }] } },
  });
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    email: c.email,
    city: c.city,
    country: c.country,
    scenario: scenarioById.get(c.id) ?? '',
    cards: c.paymentMethods.map((pm) => ({
      id: pm.id,
      brand: pm.brand,
      last4: pm.last4,
      expMonth: pm.expMonth,
      expYear: pm.expYear,
      role: pm.role,
      status: pm.status,
      behavior: pm.behavior,
    })),
  }));
}
