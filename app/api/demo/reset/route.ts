import { DemoResetRefused, resetDemo } from '@/lib/checkout/demo-store';
import { getCheckoutRuntime } from '@/lib/checkout/runtime';
import { errorResponse } from '@/lib/http/responses';

export const dynamic = 'force-dynamic';

/**
 * POST /api/demo/reset → 200 { products, customers, cards, releasedReservations }: products, stock,
 * customers and cards back to the demo seed; orders, runs and their traces stay. 409 while a run is going on.
 */
export async function POST(): Promise<Response> {
  const { db } = await getCheckoutRuntime();
  try {
    return Response.json(await resetDemo(db));
  } catch (error) {
    if (error instanceof DemoResetRefused) return errorResponse(409, 'runs_in_progress', error.message);
    throw error;
  }
}
