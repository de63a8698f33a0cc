import type { z } from 'zod';
import { fail, ok, type ServiceResult } from './types';

export interface FieldError {
  /** Dotted path of the offending field ("items.0.quantity"); "" for the whole input. */
  path: string;
  message: string;
}

/** Every problem zod found, one per field, with unknown keys named as their own field. */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...base, key].join('.'), message: `Unknown field "${key}".` }));
    }
    return [{ path: base.join('.'), message: issue.message }];
  });
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; fields: FieldError[] };

export function parseFields<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, fields: fieldErrors(parsed.error) };
}

/** The `invalid_input` error, its message naming each field so a model (or a person) can correct the call. */
export function invalidInput(fields: FieldError[], what = 'request'): ServiceResult<never> {
  const listed = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; ');
  return fail({ code: 'invalid_input', message: `Invalid ${what}: ${listed}`, retryable: false, details: { fields } });
}

/** Parses a request with its schema; a failure is the ordinary `invalid_input` error. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what?: string): ServiceResult<z.output<S>> {
  const parsed = parseFields(schema, input);
  return parsed.ok ? ok(parsed.value) : invalidInput(parsed.fields, what);
}
