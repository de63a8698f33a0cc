import { ASK_TOOL, FINISH_CHECKOUT_TOOL } from '@/lib/protocol/agents';
import { checkoutGoalSchema, type CheckoutGoal } from '@/lib/protocol/tasks';
import type { Domain } from '../../domain';
import { actions } from './actions';
import { finish, GOALS } from './finish';
import { observe } from './observe';

/**
 * The CheckoutAgent's world: what it knows about the order from its specialists'
 * answers, the actions it can ask them for (preconditions and effects), and its
 * ranked goals. Nothing here names a scenario: "use the backup card" is the cheapest
 * plan once the primary is unusable; "release the stock" is part of the cheapest plan
 * to the second goal once the first cannot be reached.
 */

export { NEW_CARD_WAIT_MS } from './actions';

export const checkoutDomain: Domain<CheckoutGoal> = {
  agent: 'CheckoutAgent',
  requiredTools: Object.values(ASK_TOOL),
  finishTool: FINISH_CHECKOUT_TOOL,
  parseBrief: (brief) => {
    const parsed = checkoutGoalSchema.safeParse(brief);
    return parsed.success ? parsed.data : null;
  },
  observe,
  actions,
  goals: () => GOALS,
  finish,
};
