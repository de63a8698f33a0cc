'use client';

import { useEffect, useState } from 'react';
import type { CardName, Names } from '@/lib/trace/projections/conversation-words';
import { fetchOrderDetails } from '../../api/order-details';

const CARD = /^(\S+) ··(\d{4})$/;

/**
 * What the order API knows that the trace may not: product names for the order's SKUs, and the
 * cards its payments were made with. Read once (a product's name does not change during a run);
 * a run without an order in the store (a sandboxed re-run) keeps the trace's own names.
 */
export function useOrderNames(orderId: string | null): Partial<Names> {
  const [names, setNames] = useState<Partial<Names>>({});
  useEffect(() => {
    if (!orderId) return;
    let live = true;
    fetchOrderDetails(orderId)
      .then((d) => {
        if (!live) return;
        const cards: Record<string, CardName> = {};
        for (const p of d.payments) {
          const m = p.card ? CARD.exec(p.card) : null;
          if (p.paymentMethodId && m) cards[p.paymentMethodId] = { brand: m[1], last4: m[2] };
        }
        setNames({ products: Object.fromEntries(d.items.map((i) => [i.sku, i.productName])), cards });
      })
      // Without them the lines still read, with SKUs: nothing to report.
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [orderId]);
  return names;
}
