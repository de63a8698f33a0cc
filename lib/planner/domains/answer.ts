import type { SpecialistAnswer } from '@/lib/protocol/tasks';
import type { FinalAnswer } from '../domain';

/** A specialist's final answer: a sentence for people and LLMs, and the answer tool's input the CheckoutAgent reads. */
export function specialistAnswer(answer: SpecialistAnswer): FinalAnswer {
  const text =
    answer.status === 'ok'
      ? `Done: ${answer.action} succeeded.`
      : `Could not ${answer.action}: ${answer.error?.code ?? 'failed'}${answer.error?.message ? ` (${answer.error.message})` : ''}.`;
  return { text, answer };
}
