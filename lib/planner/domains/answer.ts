import { withJsonBlock, type SpecialistAnswer } from '@/lib/protocol/tasks';

/** A specialist's final answer: a sentence for people and LLMs, and the JSON block the CheckoutAgent reads. */
export function answerText(answer: SpecialistAnswer): string {
  const prose = answer.status === 'ok'
    ? `Done: ${answer.action} succeeded.`
    : `Could not ${answer.action}: ${answer.error?.code ?? 'failed'}${answer.error?.message ? ` (${answer.error.message})` : ''}.`;
  return withJsonBlock(prose, 'answer', answer);
}
