'use client';

import { useEffect, useState } from 'react';
import { fetchComparedRow, type ComparedRow } from '../api/compare';
import { errorMessage } from '../api/http';

/** Both events of the selected row, fetched when it is picked (the page carries labels only). */
export function useComparedRow(
  a: string,
  b: string,
  index: number | null,
): { row: ComparedRow | null; error: string | null } {
  const [loaded, setLoaded] = useState<{ index: number; row: ComparedRow | null; error: string | null } | null>(null);
  useEffect(() => {
    if (index === null) return;
    let cancelled = false;
    fetchComparedRow(a, b, index).then(
      (row) => !cancelled && setLoaded({ index, row, error: null }),
      (e: unknown) => !cancelled && setLoaded({ index, row: null, error: errorMessage(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [a, b, index]);
  return loaded && loaded.index === index ? loaded : { row: null, error: null };
}
