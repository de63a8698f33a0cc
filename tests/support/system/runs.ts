import { readFileSync } from 'node:fs';
import path from 'node:path';
import { placedOrderSchema, type PlacedRun } from '@/lib/wire/orders';
import { call, postJson } from './http';

/** The route patterns the build serves (from Next's own manifest), pages and API alike. */
export function builtRoutes(appDir: string): string[] {
  const manifest = JSON.parse(
    readFileSync(path.join(appDir, '.next', 'app-path-routes-manifest.json'), 'utf8'),
  ) as Record<string, string>;
  return [...new Set(Object.values(manifest))].filter((route) => !route.startsWith('/_')).sort();
}

export type { PlacedRun } from '@/lib/wire/orders';

/** POST /api/orders; throws unless 201. */
export async function placeOrder(
  baseUrl: string,
  order: unknown,
  headers: Record<string, string> = {},
): Promise<PlacedRun[]> {
  const reply = await postJson(`${baseUrl}/api/orders`, order, headers);
  if (reply.status !== 201) throw new Error(`POST /api/orders answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return placedOrderSchema.parse(reply.body).runs;
}

/** Polls GET /api/runs/:id until the run is no longer running; its final status. */
export async function waitForRunEnd(baseUrl: string, runId: string, timeoutMs = 60_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reply = await call(`${baseUrl}/api/runs/${runId}`);
    const status = (reply.body as { run?: { status?: string } }).run?.status;
    if (status && status !== 'running') return status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`run ${runId} still running after ${timeoutMs} ms`);
}
