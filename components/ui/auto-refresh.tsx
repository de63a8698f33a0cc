'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Re-renders a server page every intervalMs while the tab is visible (lists that change under you). */
export function AutoRefresh({ intervalMs = 2000, enabled = true }: { intervalMs?: number; enabled?: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [router, intervalMs, enabled]);
  return null;
}
