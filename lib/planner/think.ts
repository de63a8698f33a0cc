import type { Domain, FinalAnswer } from './domain';
import type { ReadPrompt } from './prompt-reader';
import { planForRankedGoals, type SearchLimits, DEFAULT_LIMITS } from './search';
import { describeAction, satisfies } from './strips';
import { domainForTools } from './domains';

/** What the planner decided for one model call. */
export type Decision =
  | { kind: 'tool-call'; reasoning: string; toolName: string; input: Record<string, unknown> }
  | { kind: 'answer'; reasoning: string; text: string; finish?: { toolName: string; input: Record<string, unknown> } };

/**
 * One step of thought: rebuild the facts from the conversation, plan from them to
 * the best reachable goal, and either act (the plan's first step) or answer.
 */
export function think(read: ReadPrompt, limits: SearchLimits = DEFAULT_LIMITS): Decision {
  const domain = domainForTools(read.toolNames) as Domain<unknown> | null;
  // The answer goes through the finish tool when the call offers it (the protocol); as words otherwise.
  const answer = (reasoning: string, final: FinalAnswer): Decision => ({
    kind: 'answer',
    reasoning,
    text: final.text,
    finish:
      domain && read.toolNames.includes(domain.finishTool)
        ? { toolName: domain.finishTool, input: final.answer }
        : undefined,
  });
  if (!domain) {
    return {
      kind: 'answer',
      reasoning: 'None of my planning domains fits these tools.',
      text: 'I cannot act on this request with the tools offered.',
    };
  }
  const brief = domain.parseBrief(read.brief);
  if (brief === null) {
    return {
      kind: 'answer',
      reasoning: `${domain.agent}: the request carries no task I can read.`,
      text: 'I could not find a machine-readable task in the request, so I did nothing.',
    };
  }
  const facts = domain.observe(brief, read.observations);
  const goals = domain.goals(brief, facts);
  const observed = facts.notes.length ? `Observed: ${facts.notes.slice(-3).join('; ')}. ` : '';

  if (satisfies(facts.atoms, goals[0])) {
    return answer(`${observed}Goal "${goals[0].name}" holds.`, domain.finish(brief, facts, 0, goals[0]));
  }
  const found = planForRankedGoals(facts.atoms, goals, domain.actions(brief, facts), limits);
  if (!found) {
    return answer(`${observed}No plan reaches any goal.`, domain.finish(brief, facts, -1, null));
  }
  const { goal, rank, plan } = found;
  const fallback = rank > 0 ? `"${goals[0].name}" cannot be reached any more; aiming for "${goal.name}". ` : '';
  if (plan.actions.length === 0) {
    return answer(`${observed}${fallback}Goal "${goal.name}" holds.`, domain.finish(brief, facts, rank, goal));
  }
  const next = plan.actions[0];
  const steps = plan.actions.map(describeAction).join(' → ');
  const reasoning = `${observed}${fallback}Plan to "${goal.name}": ${steps}. Next: ${describeAction(next)}${next.why ? `, because ${next.why}` : ''}.`;
  if (!next.call) {
    return answer(`${reasoning} That step cannot be carried out yet.`, domain.finish(brief, facts, -1, null));
  }
  return { kind: 'tool-call', reasoning, toolName: next.call.toolName, input: next.call.input };
}
