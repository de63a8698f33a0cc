import { z } from 'zod';
import { ruleView, type FaultRule } from '@/lib/faults/rule-schema';
import { errorResponse, type FieldError } from '@/lib/http/responses';
import type { ServiceResult } from '@/lib/services/types';

/** A lib/faults result as HTTP: the value, or 404 for an unknown id and 400 naming the fields. */
export function resultResponse<T>(result: ServiceResult<T>, respond: (value: T) => Response): Response {
  if (result.ok) return respond(result.value);
  const { code, message, details } = result.error;
  const fields = Array.isArray(details?.fields) ? (details.fields as FieldError[]) : [];
  return errorResponse(code === 'not_found' ? 404 : 400, code, message, fields);
}

export const rulesJson = (rules: FaultRule[]) => rules.map(ruleView);

/** The faults routes hand their body to lib/faults whole: it names every bad field itself, in the services' terms. */
export const anyJson = z.unknown();
