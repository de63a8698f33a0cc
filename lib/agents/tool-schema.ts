import { zodSchema, type Schema } from 'ai';
import type { z } from 'zod';

const converted = new WeakMap<z.ZodType, Schema<unknown>>();

/**
 * A tool's input schema in the AI SDK's form, made once per zod schema per process. Handed a zod
 * schema, the SDK wraps it anew on every model call and converts it to JSON schema each time (about
 * a tenth of an order's CPU on the offline planner); a wrapped schema keeps its JSON schema once
 * built. The zod schemas themselves are module constants, so the cache is hit from the second call on.
 */
export function toolInputSchema<S extends z.ZodType>(schema: S): Schema<z.infer<S>> {
  let wrapped = converted.get(schema);
  if (!wrapped) converted.set(schema, (wrapped = zodSchema(schema) as Schema<unknown>));
  return wrapped as Schema<z.infer<S>>;
}
