'use client';

import { createContext, useContext } from 'react';

/**
 * How a node or an edge label reports a click. Through context rather than node data, so a
 * new callback never invalidates the memoised nodes and edges.
 */
export const GraphSelectContext = createContext<(kind: 'node' | 'edge', id: string) => void>(() => {});

export const useGraphSelect = () => useContext(GraphSelectContext);
