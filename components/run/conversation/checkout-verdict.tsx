'use client';

import { useMemo } from 'react';
import { checkoutVerdict } from '@/lib/trace/projections/checkout-verdict';
import type { ConversationState } from '@/lib/trace/projections/conversation';
import type { Names } from '@/lib/trace/projections/conversation-words';
import { Panel } from '../../ui/panel';

/** "Two checkouts" of one order: how each side ended and why, and where the agents re-planned that the orchestrator could not. */
export function CheckoutVerdict({
  agents,
  orchestrator,
  names,
}: {
  agents: ConversationState;
  orchestrator: ConversationState;
  names: Partial<Names>;
}) {
  const verdict = useMemo(() => checkoutVerdict(agents, orchestrator, names), [agents, orchestrator, names]);
  const side = (label: string, status: string, sentence: string, testId: string) => (
    <p className="text-xs leading-5" data-testid={testId} data-status={status}>
      <span className="mr-1.5 font-semibold">{label}</span>{' '}
      <span
        className={
          status === 'succeeded'
            ? 'text-emerald-700 dark:text-emerald-400'
            : status === 'running'
              ? 'text-zinc-500'
              : 'text-red-700 dark:text-red-400'
        }
      >
        {sentence}
      </span>
    </p>
  );
  return (
    <Panel title="Verdict" className="mb-3" bodyClassName="space-y-1 px-3 py-2" testId="checkout-verdict">
      <div className="grid gap-x-6 gap-y-1 lg:grid-cols-2" data-ended={verdict.ended}>
        {side('Micro-agents:', agents.status, verdict.agents, 'verdict-agents')}
        {side('Orchestrator:', orchestrator.status, verdict.orchestrator, 'verdict-orchestrator')}
      </div>
      {verdict.replanned.map((sentence, i) => (
        <p
          key={i}
          className="rounded-md border-l-4 border-amber-500 bg-amber-50 px-2 py-1 text-xs text-amber-950 dark:bg-amber-950/40 dark:text-amber-100"
          data-testid="verdict-replanned"
        >
          {sentence}
        </p>
      ))}
    </Panel>
  );
}
