'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CatalogCustomer, CatalogProduct } from '@/lib/store/storefront';
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
import type { Pace } from '@/lib/runtime/pace';
import { resetDemoStore } from '../api/demo';
import { PacePicker } from '../run/pace-picker';
import {
  paceOr,
  parseStoreMemory,
  serializeStoreMemory,
  STORE_MEMORY_KEY,
  storeMemoryParams,
  urlNamesState,
} from './store-memory';

type SingleMode = Exclude<CheckoutMode, 'both'>;

export interface StoreFrontProps {
  products: CatalogProduct[];
  customers: CatalogCustomer[];
  /** From the URL, so a store state can be shared as a link: ?customer=…&cart=SKU:n,…&by=orchestrator&pace=… */
  initial: { customer?: string; cart?: string; by?: string; pace?: string };
  /** The pace of browser orders unless the person picks another (real time; STORE_DEFAULT_PACE). */
  defaultPace: Pace;
}

export function StoreFront({ products, customers, initial, defaultPace }: StoreFrontProps) {
  const router = useRouter();
  const bySku = useMemo(() => new Map(products.map((p) => [p.sku, p])), [products]);
  const [customerId, setCustomerId] = useState(
    () => customers.find((c) => c.id === initial.customer)?.id ?? customers[0]?.id ?? '',
  );
  const [cart, setCart] = useState<Cart>(() => parseCart(initial.cart, new Set(bySku.keys())));
  const [mode, setMode] = useState<SingleMode>(initial.by === 'orchestrator' ? 'orchestrator' : 'agents');
  const [pace, setPace] = useState<Pace>(() => paceOr(initial.pace, defaultPace));
  const [preset, setPreset] = useState('');
  const [resetting, setResetting] = useState(false);
  const restoring = useRef(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [placing, setPlacing] = useState<CheckoutMode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { data: presets } = usePolling(fetchPresets, null);

  // Coming back through a plain link (the nav, Back to a bare /): what this tab had, not an empty cart.
  // The remembered state becomes the URL, so the page renders it as it would a shared link.
  useEffect(() => {
    if (urlNamesState(initial)) return;
    const params = storeMemoryParams(parseStoreMemory(window.sessionStorage.getItem(STORE_MEMORY_KEY)));
    if (params.size === 0) return;
    // Until the remembered state is on screen (the page remounts the store for the new URL), this blank one is not remembered.
    restoring.current = true;
    router.replace(`/?${params.toString()}`, { scroll: false });
    // Once, on arrival: later changes are this page's own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Keep the URL a deep link to what is on screen (without adding history entries), and the tab's memory with it.
  useEffect(() => {
    if (restoring.current) return;
    const params = new URLSearchParams();
    params.set('customer', customerId);
    if (cart.size) params.set('cart', serializeCart(cart));
    if (mode !== 'agents') params.set('by', mode);
    if (pace !== defaultPace) params.set('pace', pace);
    window.history.replaceState(window.history.state, '', `?${params.toString()}`);
    window.sessionStorage.setItem(
      STORE_MEMORY_KEY,
      serializeStoreMemory({ customer: customerId, cart: serializeCart(cart), by: mode, pace }),
    );
  }, [customerId, cart, mode, pace, defaultPace]);

  const resetStore = useCallback(async () => {
    setResetting(true);
    setError(null);
    setNotice(null);
    try {
      const reset = await resetDemoStore();
      setNotice(
        `Demo store reset: ${reset.products} products, ${reset.customers} customers and their ${reset.cards} cards as seeded.`,
      );
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setResetting(false);
    }
  }, [router]);

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
          pace,
          ...(preset ? { faultPreset: preset } : {}),
        });
        router.push(liveRunHref(runs));
      } catch (e) {
        setError(errorMessage(e));
        setPlacing(null);
      }
    },
    [placing, cart, customerId, preset, pace, router],
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
      if (Number.isInteger(index) && index >= 0 && index < Math.min(9, customers.length))
        setCustomerId(customers[index].id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [submit, mode, customers]);

  const disabled = placing !== null || cart.size === 0 || !customerId;

  return (
    <div className="grid min-w-0 gap-4 lg:grid-cols-[1fr_400px]">
      <section className="min-w-0">
        <div className="mb-2 flex items-baseline gap-3">
          <h1 className="text-lg font-semibold">Store</h1>
          <p className="text-xs text-zinc-500">Pick a customer, fill a cart, and watch the agents check it out.</p>
        </div>
        <Panel
          title="Fault rules in force"
          className="mb-3"
          bodyClassName="px-3 py-2"
          actions={
            <Link href="/chaos" className="text-xs text-indigo-600 hover:underline dark:text-indigo-400">
              Control panel →
            </Link>
          }
        >
          <ActiveRules />
        </Panel>
        <ProductGrid products={products} inCart={cart} onAdd={(sku) => setCart((c) => changeQuantity(c, sku, 1))} />
      </section>

      <aside className="flex min-w-0 flex-col gap-3 lg:sticky lg:top-16 lg:self-start">
        <Panel title="Cart" testId="cart-panel" bodyClassName="">
          <CartPanel
            cart={cart}
            bySku={bySku}
            onChange={(sku, delta) => setCart((c) => changeQuantity(c, sku, delta))}
          />
        </Panel>

        <Panel title="Checkout" bodyClassName="p-3 space-y-2">
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            For{' '}
            <span className="font-medium text-zinc-900 dark:text-zinc-100" data-testid="checkout-customer">
              {customer?.name ?? '—'}
            </span>
            {customer && <span> · {customer.scenario}</span>}
          </p>
          <div className="flex items-center gap-2 text-xs">
            <span className="text-zinc-500">Checked out by</span>
            <div
              role="radiogroup"
              aria-label="Checked out by"
              className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700"
            >
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
          <div className="flex flex-wrap items-center gap-2 text-xs">
            <span className="text-zinc-500">Pace</span>
            <PacePicker value={pace} onChange={setPace} testIdPrefix="order-pace" />
          </div>
          <label className="flex items-center gap-2 text-xs">
            <span
              className="text-zinc-500"
              title="Its rules apply to this order only; the rules in force stay as they are"
            >
              Fault preset (this order)
            </span>
            <select
              value={preset}
              onChange={(e) => setPreset(e.target.value)}
              data-testid="order-preset"
              className="h-6 min-w-0 flex-1 rounded border border-zinc-300 bg-white px-1 dark:border-zinc-700 dark:bg-zinc-900"
            >
              <option value="">none (the rules in force only)</option>
              {(presets ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <div className="flex gap-2 pt-1">
            <Button
              variant="primary"
              className="flex-1"
              disabled={disabled}
              onClick={() => void submit(mode)}
              data-testid="place-order"
            >
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
          <p role="alert" className="min-h-4 text-xs text-red-600 dark:text-red-400" data-testid="order-error">
            {error}
          </p>
          <div className="flex items-center gap-2 border-t border-zinc-200 pt-2 dark:border-zinc-800">
            <Button
              size="sm"
              disabled={resetting || placing !== null}
              onClick={() => void resetStore()}
              data-testid="reset-demo-store"
              title="Products, stock, customers and cards back as seeded; orders and runs stay"
            >
              {resetting ? 'Resetting…' : 'Reset demo store'}
            </Button>
            <p role="status" className="min-w-0 flex-1 text-[11px] text-zinc-500" data-testid="reset-notice">
              {notice}
            </p>
          </div>
        </Panel>

        <Panel
          title="Customer"
          bodyClassName="max-h-[420px] overflow-auto"
          actions={<span className="text-[10px] text-zinc-400">keys 1–{Math.min(9, customers.length)}</span>}
        >
          <CustomerList customers={customers} selectedId={customerId} onSelect={setCustomerId} />
        </Panel>
      </aside>
    </div>
  );
}
