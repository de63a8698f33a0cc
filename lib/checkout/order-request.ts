import { z } from 'zod';
import { paceSchema } from '@/lib/runtime/pace';

export const RUN_MODES = ['agents', 'orchestrator'] as const;
export type RunMode = (typeof RUN_MODES)[number];

/** POST /api/orders. */
export const orderRequestSchema = z
  .object({
    customerId: z.string().trim().min(1, 'customerId is required').max(100),
    items: z
      .array(
        z
          .object({
            sku: z.string().trim().min(1, 'sku is required').max(50),
            quantity: z
              .number()
              .int('quantity must be a whole number')
              .min(1, 'quantity must be at least 1')
              .max(20, 'quantity must be at most 20'),
          })
          .strict(),
      )
      .min(1, 'the cart is empty')
      .max(20, 'at most 20 different items per order'),
    /** 'both' places the same order twice: through the agents and through the classic orchestrator. */
    mode: z.enum(['agents', 'orchestrator', 'both']).default('agents'),
    /** A preset's rules for this order only (its runs hold them; the store's rules are not touched). */
    faultPreset: z.string().trim().min(1).max(60).optional(),
    /** The same, under the name the chaos batch request uses. */
    preset: z.string().trim().min(1).max(60).optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    /** How fast the run goes for a person watching; instant unless asked (the store asks for real time). */
    pace: paceSchema.default('instant'),
  })
  .strict()
  .refine((r) => !(r.faultPreset && r.preset && r.faultPreset !== r.preset), {
    path: ['preset'],
    message: 'Give faultPreset or preset, not two different ones.',
  });

export type OrderRequest = z.infer<typeof orderRequestSchema>;
