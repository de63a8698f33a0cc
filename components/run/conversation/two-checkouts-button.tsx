'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorMessage } from '../../api/http';
import { liveRunHref, placeOrder } from '../../api/orders';
import { Button } from '../../ui/button';

/**
 * Places this run's order again, twice: through the micro-agents and through the orchestrator
 * (POST /api/orders, mode both), under the fault rules in force now, and opens them side by side.
 */
export function TwoCheckoutsButton({
  customerId,
  items,
}: {
  customerId: string | null;
  items: readonly { sku: string; quantity: number }[];
}) {
  const router = useRouter();
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ready = customerId !== null && items.length > 0;
  const place = async () => {
    if (!ready || placing) return;
    setPlacing(true);
    setError(null);
    try {
      router.push(
        liveRunHref(
          await placeOrder({ customerId, items: items.map(({ sku, quantity }) => ({ sku, quantity })), mode: 'both' }),
        ),
      );
    } catch (e) {
      setError(errorMessage(e));
      setPlacing(false);
    }
  };
  return (
    <span className="flex items-center gap-2">
      {error && (
        <span className="max-w-xs truncate text-xs text-red-600" role="alert" title={error}>
          {error}
        </span>
      )}
      <Button
        size="sm"
        disabled={!ready || placing}
        onClick={() => void place()}
        data-testid="two-checkouts-again"
        title="The same customer and items, through the micro-agents and the classic orchestrator side by side, under the fault rules in force now"
      >
        {placing ? 'Placing…' : 'Two checkouts of this order'}
      </Button>
    </span>
  );
}
