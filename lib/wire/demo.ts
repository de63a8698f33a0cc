/** POST /api/demo/reset. Browser-safe. */
import { z } from 'zod';

/** What the reset put back: products, customers and cards re-seeded, reservations released. */
export const demoResetSchema = z.object({
  products: z.number().int().nonnegative(),
  customers: z.number().int().nonnegative(),
  cards: z.number().int().nonnegative(),
  releasedReservations: z.number().int().nonnegative(),
});
export type DemoReset = z.infer<typeof demoResetSchema>;
