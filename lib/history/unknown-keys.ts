import { z } from 'zod';

/**
 * zod reports unknown keys of a strict object as one issue at the root; an API's 400 should name
 * each of them as a field, and say which parameters exist.
 */
export function nameUnknownKeys(error: z.ZodError, known: readonly string[]): z.ZodError {
  const issues = error.issues.flatMap((issue): z.core.$ZodIssue[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          code: 'custom',
          path: [key],
          message: `is not a parameter here (known: ${known.join(', ')})`,
          input: undefined,
        }))
      : [issue],
  );
  return new z.ZodError(issues);
}
