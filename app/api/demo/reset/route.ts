import type { z } from 'zod';
import { DemoResetRefused, resetDemo } from '@/lib/checkout/demo-store';
import { getAppServices } from '@/lib/checkout/app-services';
import { errorResponse } from '@/lib/http/responses';
import { route } from '@/lib/http/route';
import type { demoResetSchema } from '@/lib/wire/demo';

export const dynamic = 'force-dynamic';

/**
 * POST /api/demo/reset → 200 { products, customers, cards, releasedReservations }: products, stock,
 * customers and cards back to the demo seed; orders, runs and their traces stay. 409 while a run is going on.
 */
export const POST = route(
  {
    errors: (error) =>
      error instanceof DemoResetRefused ? errorResponse(409, 'runs_in_progress', error.message) : null,
  },
  async () => Response.json((await resetDemo((await getAppServices()).db)) satisfies z.input<typeof demoResetSchema>),
);
