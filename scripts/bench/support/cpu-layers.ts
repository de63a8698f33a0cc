import { Session } from 'node:inspector/promises';

/**
 * A CPU profile of a piece of work, summarised per layer of the app (Prisma and its adapter, SQLite,
 * the AI SDK, zod, the planner, the recorder, the services…), so the bench shows where an order's CPU
 * goes and the next bottleneck is visible. Self time is attributed by the file a frame's code lives
 * in; native frames (no file) go to SQLite when they are better-sqlite3's statement calls, else to
 * the layer of the JavaScript that called them (JSON.parse in the recorder is the recorder's).
 */

export type Layer =
  | 'Prisma/adapter'
  | 'SQLite'
  | 'AI SDK'
  | 'zod'
  | 'planner'
  | 'recorder'
  | 'services'
  | 'agents/orchestrator'
  | 'checkout/chaos'
  | 'faults/guard/protocol'
  | 'other app'
  | 'node internals'
  | 'GC'
  | 'other';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** better-sqlite3's native methods: their self time is SQLite (and the binding) at work. */
const SQLITE_NATIVE = new Set([
  'prepare',
  'run',
  'all',
  'get',
  'iterate',
  'bind',
  'raw',
  'columns',
  'exec',
  'pragma',
  'Statement',
  'Database',
  'close',
]);

const BY_PATH: [RegExp, Layer][] = [
  [/node_modules\/better-sqlite3\//, 'SQLite'],
  [/node_modules\/@prisma\/|\/lib\/db\/|node_modules\/\.prisma\//, 'Prisma/adapter'],
  [/node_modules\/(ai|@ai-sdk\/[^/]+)\//, 'AI SDK'],
  [/node_modules\/zod\//, 'zod'],
  [/\/lib\/planner\//, 'planner'],
  [/\/lib\/trace\//, 'recorder'],
  [/\/lib\/services\//, 'services'],
  [/\/lib\/(agents|orchestrator|models)\//, 'agents/orchestrator'],
  [/\/lib\/(checkout|chaos)\//, 'checkout/chaos'],
  [/\/lib\/(faults|guard|protocol)\//, 'faults/guard/protocol'],
  [/\/(lib|scripts|tests)\//, 'other app'],
  [/^node:|^internal\//, 'node internals'],
];

function layerOfUrl(url: string): Layer | null {
  if (!url) return null;
  for (const [pattern, layer] of BY_PATH) if (pattern.test(url)) return layer;
  return 'other';
}

export interface LayerShare {
  layer: Layer;
  ms: number;
  share: number;
}

/** Self time per layer, largest first ("(idle)" left out: it is no CPU). */
export function summariseProfile(profile: Profile): LayerShare[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const layerOf = new Map<number, Layer>();
  const resolve = (id: number): Layer => {
    const cached = layerOf.get(id);
    if (cached) return cached;
    const node = byId.get(id)!;
    const { functionName, url } = node.callFrame;
    let layer: Layer | null = layerOfUrl(url);
    if (!layer) {
      if (functionName === '(garbage collector)') layer = 'GC';
      else if (functionName.startsWith('(')) layer = 'other';
      else {
        const up = parent.get(id);
        const callerLayer = up === undefined ? 'other' : resolve(up);
        layer =
          SQLITE_NATIVE.has(functionName) && (callerLayer === 'Prisma/adapter' || callerLayer === 'SQLite')
            ? 'SQLite'
            : callerLayer;
      }
    }
    layerOf.set(id, layer);
    return layer;
  };
  const micros = new Map<Layer, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    // A sample's time is the delta to the next one (V8's convention in DevTools).
    const us = deltas[i + 1] ?? 0;
    const layer = resolve(node.id);
    micros.set(layer, (micros.get(layer) ?? 0) + us);
  }
  const total = [...micros.values()].reduce((a, b) => a + b, 0) || 1;
  return [...micros.entries()]
    .map(([layer, us]) => ({ layer, ms: us / 1000, share: us / total }))
    .sort((a, b) => b.ms - a.ms);
}

/** Runs `work` under the V8 sampling profiler of this process and summarises it per layer. */
export async function profileLayers<T>(work: () => Promise<T>): Promise<{ result: T; layers: LayerShare[] }> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const outcome = await work().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const { profile } = await session.post('Profiler.stop');
    if (!outcome.ok) throw outcome.error;
    return { result: outcome.value, layers: summariseProfile(profile as Profile) };
  } finally {
    session.disconnect();
  }
}
