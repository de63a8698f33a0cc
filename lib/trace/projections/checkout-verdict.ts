import { decisionsOf, domainOf, type ConversationLine, type ConversationState } from './conversation';
import { choiceWords, observedWords } from './conversation-text';
import { mergeNames, type Names } from './conversation-words';

/**
 * "Two checkouts" of one order, the micro-agents beside the classic orchestrator, summed up: one
 * sentence per side saying how it ended and why, and where the agents re-planned at the obstacle
 * the orchestrator stopped at. Read from the two runs' conversations, nothing else.
 */
export interface CheckoutVerdict {
  ended: boolean;
  agents: string;
  orchestrator: string;
  /** Agent decisions about what stopped the orchestrator, said as a contrast. */
  replanned: string[];
}

type Decision = Extract<ConversationLine, { kind: 'decision' }>;
type Stop = Extract<ConversationLine, { kind: 'stop' }>;

const OUTCOME = {
  succeeded: 'Placed',
  failed: 'Failed',
  interrupted: 'Interrupted',
  running: 'Still running',
} as const;

function agentsSentence(run: ConversationState, names: Names): string {
  if (run.status === 'running') return 'Still running…';
  const decisions = decisionsOf(run);
  const end = run.lines.findLast((l) => l.kind === 'end');
  if (decisions.length === 0) {
    return run.status === 'succeeded'
      ? 'Placed: every step worked as first planned.'
      : `${OUTCOME[run.status]} without a change of plan${end?.kind === 'end' ? `: ${end.text}` : ''}.`;
  }
  const changes = decisions.map(
    (d) =>
      `${observedWords(d.observed, names)}, so they chose to ${choiceWords(d.decision, d.chose, d.finished, names)}`,
  );
  const cleanly =
    run.status === 'failed' && decisions.some((d) => d.decision === 'give_up') ? 'Failed cleanly' : OUTCOME[run.status];
  return `${cleanly} after re-planning ${decisions.length === 1 ? 'once' : `${decisions.length} times`}: ${changes.join('; ')}.`;
}

function orchestratorSentence(run: ConversationState, stop: Stop | undefined, names: Names): string {
  if (run.status === 'running') return 'Still running…';
  if (run.status === 'succeeded') return `Placed: all ${run.script.done} steps of its fixed script went through.`;
  if (!stop) return `${OUTCOME[run.status]}.`;
  const why = stop.error ? observedWords(stop.error, names) : stop.reason;
  return `${OUTCOME[run.status]} at step ${stop.step.index} of ${stop.step.of} (${stop.step.words}): ${why}. Its script has no other path, so it released the stock and stopped.`;
}

/** Whether an agent decision answers the obstacle the orchestrator stopped at (the same concern). */
function sameConcern(decision: Decision, stop: Stop): boolean {
  const stopKey = stop.error?.action.key ?? stop.step.key;
  return domainOf(decision.observed.action.key) === domainOf(stopKey);
}

export function checkoutVerdict(
  agents: ConversationState,
  orchestrator: ConversationState,
  extraNames: Partial<Names> = {},
): CheckoutVerdict {
  const names = mergeNames(mergeNames(orchestrator.names, agents.names), extraNames);
  const stop = orchestrator.lines.find((l): l is Stop => l.kind === 'stop');
  const ended = agents.status !== 'running' && orchestrator.status !== 'running';
  const replanned =
    ended && stop
      ? decisionsOf(agents)
          .filter((d) => sameConcern(d, stop))
          .map(
            (d) =>
              `Where the orchestrator stopped at step ${stop.step.index} (${stop.step.words}), the agents saw that ${observedWords(d.observed, names)} and chose to ${choiceWords(d.decision, d.chose, d.finished, names)}.`,
          )
      : [];
  return {
    ended,
    agents: agentsSentence(agents, names),
    orchestrator: orchestratorSentence(orchestrator, stop, names),
    replanned,
  };
}
