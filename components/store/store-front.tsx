'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { CatalogCustomer, CatalogProduct } from '@/lib/store/catalog';
import { errorMessage } from '../api/http';
import { liveRunHref, placeOrder, type CheckoutMode } from '../api/orders';
import { fetchPresets } from '../api/faults';
import { ActiveRules } from '../chaos/active-rules';
import { usePolling } from '../hooks/use-polling';
import { Button, Kbd } from '../ui/button';
import { Panel } from '../ui/panel';
import { CartPanel } from './cart-panel';
import { changeQuantity, parseCart, serializeCart, type Cart } from './cart-state';
import { CustomerList } from './customer-list';
import { ProductGrid } from './product-grid';
import { isTyping, plainKey } from '../ui/keys';

type SingleMode = Exclude<CheckoutMode, 'both'>;

export interface StoreFrontProps {
  products: CatalogProduct[];
  customers: CatalogCustomer[];
  /** From the URL, so a store state can be shared as a link: ?customer=…&cart=SKU:n,…&by=orchestrator */
  initial: { customer?: string; cart?: string; by?: string };
}

export function StoreFront({ products, customers, initial }: StoreFrontProps) {
  const router = useRouter();
  const bySku = useMemo(() => new Map(products.map((p) => [p.sku, p])), [products]);
  const [customerId, setCustomerId] = useState(() => customers.find((c) => c.id === initial.customer)?.id ?? customers[0]?.id ?? '');
  const [cart, setCart] = useState<Cart>(() => parseCart(initial.cart, new Set(bySku.keys())));
  const [mode, setMode] = useState<SingleMode>(initial.by === 'orchestrator' ? 'orchestrator' : 'agents');
  const [preset, setPreset] = useState('');
  const [placing, setPlacing] = useState<CheckoutMode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { data: presets } = usePolling(fetchPresets, null);

  // Keep the URL a deep link to what is on screen, without adding history entries.
  useEffect(() => {
    const params = new URLSearchParams();
    params.set('customer', customerId);
    if (cart.size) params.set('cart', serializeCart(cart));
    if (mode !== 'agents') params.set('by', mode);
    window.history.replaceState(null, '', `?${params.toString()}`);
  }, [customerId, cart, mode]);

  const customer = customers.find((c) => c.id === customerId);

  const submit = useCallback(
    async (which: CheckoutMode) => {
      if (placing || cart.size === 0 || !customerId) return;
      setPlacing(which);
      setError(null);
      try {
        const runs = await placeOrder({
          customerId,
          items: [...cart].map(([sku, quantity]) => ({ sku, quantity })),
          mode: which,
          ...(preset ? { faultPreset: preset } : {}),
        });
        router.push(liveRunHref(runs));
      } catch (e) {
        setError(errorMessage(e));
        setPlacing(null);
      }
    },
    [placing, cart, customerId, preset, router],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void submit(e.shiftKey ? 'both' : mode);
        return;
      }
      if (isTyping(e.target) || !plainKey(e)) return;
      const index = Number(e.key) - 1;
      if (Number.isInteger(index) && index >= 0 && index < Math.min(9, customers.length)) setCustomerId(customers[index].id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [submit, mode, customers]);

  const disabled = placing !== null || cart.size === 0 || !customerId;

  return (
    <div className="grid gap-4 lg:grid-cols-[1fr_400px]">
      <section className="min-w-0">
        <div className="mb-2 flex items-baseline gap-3">
          <h1 className="text-lg font-semibold">Store</h1>
          <p className="text-xs text-zinc-500">Pick a customer, fill a cart, and watch the agents check it out.</p>
        </div>
        <Panel title="Fault rules in force" className="mb-3" bodyClassName="px-3 py-2" actions={<Link href="/chaos" className="text-xs text-indigo-600 hover:underline dark:text-indigo-400">Control panel →</Link>}>
          <ActiveRules />
        </Panel>
        <ProductGrid products={products} inCart={cart} onAdd={(sku) => setCart((c) => changeQuantity(c, sku, 1))} />
      </section>

      <aside className="flex min-w-0 flex-col gap-3 lg:sticky lg:top-16 lg:self-start">
        <Panel title="Cart" testId="cart-panel" bodyClassName="">
          <CartPanel cart={cart} bySku={bySku} onChange={(sku, delta) => setCart((c) => changeQuantity(c, sku, delta))} />
        </Panel>

        <Panel title="Checkout" bodyClassName="p-3 space-y-2">
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            For <span className="font-medium text-zinc-900 dark:text-zinc-100" data-testid="checkout-customer">{customer?.name ?? '—'}</span>
            {customer && <span> · {customer.scenario}</span>}
          </p>
          <div className="flex items-center gap-2 text-xs">
            <span className="text-zinc-500">Checked out by</span>
            <div role="radiogroup" aria-label="Checked out by" className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
              {(['agents', 'orchestrator'] as const).map((m) => (
                <button
                  key={m}
                  type="button"
                  role="radio"
                  aria-checked={mode === m}
                  data-testid={`mode-${m}`}
                  onClick={() => setMode(m)}
                  className={`h-6 rounded px-2 ${mode === m ? 'bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900' : 'text-zinc-600 dark:text-zinc-400'}`}
                >
                  {m === 'agents' ? 'micro-agents' : 'orchestrator'}
                </button>
              ))}
            </div>
          </div>
          <label className="flex items-center gap-2 text-xs">
            <span className="text-zinc-500">Fault preset</span>
            <select
              value={preset}
              onChange={(e) => setPreset(e.target.value)}
              data-testid="order-preset"
              className="h-6 min-w-0 flex-1 rounded border border-zinc-300 bg-white px-1 dark:border-zinc-700 dark:bg-zinc-900"
            >
              <option value="">none (rules in force only)</option>
              {(presets ?? []).map((p) => (
                <option key={p.id} value={p.id}>{p.name}</option>
              ))}
            </select>
          </label>
          <div className="flex gap-2 pt-1">
            <Button variant="primary" className="flex-1" disabled={disabled} onClick={() => void submit(mode)} data-testid="place-order">
              {placing && placing !== 'both' ? 'Placing…' : 'Place order'} <Kbd>⌘↵</Kbd>
            </Button>
            <Button
              className="flex-1"
              disabled={disabled}
              onClick={() => void submit('both')}
              data-testid="two-checkouts"
              title="The same order through the micro-agents and through the classic orchestrator, side by side, under the same fault rules"
            >
              {placing === 'both' ? 'Placing…' : 'Two checkouts'} <Kbd>⇧⌘↵</Kbd>
            </Button>
          </div>
          <p role="alert" className="min-h-4 text-xs text-red-600 dark:text-red-400" data-testid="order-error">{error}</p>
        </Panel>

        <Panel title="Customer" bodyClassName="max-h-[420px] overflow-auto" actions={<span className="text-[10px] text-zinc-400">keys 1–{Math.min(9, customers.length)}</span>}>
          <CustomerList customers={customers} selectedId={customerId} onSelect={setCustomerId} />
        </Panel>
      </aside>
    </div>
  );
}
