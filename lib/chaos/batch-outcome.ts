/**
 * What a chaos-batch run ended with, as data: read from the run's status and its order's final
 * state (status, needs-review flag), never parsed from the outcome prose, whose wording (and
 * punctuation: "order failed (needs review: …)") is for people.
 */
export const BATCH_OUTCOME_KINDS = [
  'running',
  'placed',
  'placed_needs_review',
  'failed_cleanly',
  'failed_needs_review',
  'interrupted',
] as const;
export type BatchOutcomeKind = (typeof BATCH_OUTCOME_KINDS)[number];

export function batchOutcomeKind(
  runStatus: string,
  order: { status: string; needsReview: boolean } | null,
): BatchOutcomeKind {
  if (runStatus === 'running') return 'running';
  if (runStatus === 'interrupted') return 'interrupted';
  // A run without an order (none in the store) is judged by its own status.
  const placed = order ? order.status === 'placed' : runStatus === 'succeeded';
  const review = order?.needsReview ?? false;
  if (placed) return review ? 'placed_needs_review' : 'placed';
  return review ? 'failed_needs_review' : 'failed_cleanly';
}
