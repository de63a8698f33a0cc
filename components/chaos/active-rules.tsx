'use client';

import Link from 'next/link';
import { describeTrigger, fetchRules } from '../api/faults';
import { usePolling } from '../hooks/use-polling';
import { Badge } from '../ui/badge';

/** The fault rules in force, always in view on the store, so nobody is surprised by a decline. */
export function ActiveRules() {
  const { data: rules, error } = usePolling(fetchRules, 2000);
  const active = (rules ?? []).filter((r) => r.enabled);
  return (
    <div data-testid="active-rules" className="min-h-9 text-xs">
      {error && !rules ? (
        <p className="text-zinc-500">Fault rules unavailable ({error}).</p>
      ) : rules === undefined ? (
        <p className="text-zinc-400">Loading fault rules…</p>
      ) : active.length === 0 ? (
        <p className="text-zinc-500" data-testid="no-active-rules">
          No fault rules active: every service behaves.{' '}
          <Link href="/chaos" className="text-indigo-600 hover:underline dark:text-indigo-400">
            Inject some
          </Link>
        </p>
      ) : (
        <ul className="flex flex-wrap gap-1.5">
          {active.map((r) => (
            <li key={r.id} data-testid="active-rule">
              <Link
                href={`/chaos#rule-${r.id}`}
                title={`${r.service}.${r.operation} → ${r.kind}, ${describeTrigger(r)}; ${r.hitCount} hits`}
              >
                <Badge tone="fault">
                  <span aria-hidden>⚡</span>
                  {r.name || `${r.service} ${r.kind}`}
                  <span className="font-mono opacity-70">{r.hitCount}</span>
                </Badge>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
