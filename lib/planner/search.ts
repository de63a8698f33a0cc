import { applicable, apply, satisfies, type Atom, type GroundAction, type Goal, type State } from './strips';

export interface SearchLimits {
  maxDepth: number;
  maxExpansions: number;
}

export const DEFAULT_LIMITS: SearchLimits = { maxDepth: 14, maxExpansions: 20_000 };

export interface Plan {
  actions: GroundAction[];
  cost: number;
  expansions: number;
}

interface Node {
  state: Set<Atom>;
  actions: GroundAction[];
  cost: number;
  key: string;
}

const stateKey = (state: State): string => [...state].sort().join('|');
const actionKey = (a: GroundAction): string => `${a.name}(${a.args.join(',')})`;

/** Orders equal-cost nodes by their action sequence, so the chosen plan never depends on insertion order. */
function compareNodes(a: Node, b: Node): number {
  if (a.cost !== b.cost) return a.cost - b.cost;
  if (a.actions.length !== b.actions.length) return a.actions.length - b.actions.length;
  for (let i = 0; i < a.actions.length; i++) {
    const ka = actionKey(a.actions[i]);
    const kb = actionKey(b.actions[i]);
    if (ka !== kb) return ka < kb ? -1 : 1;
  }
  return 0;
}

/**
 * Uniform-cost search from `start` to `goal` over the actions that `ground(state)`
 * offers in each state. Deterministic: a fixed tie-break (cost, length, action names
 * and arguments); bounded in depth and expansions. Returns null when no plan exists
 * within the bounds.
 */
export function findPlan(
  start: State,
  goal: Goal,
  ground: (state: State) => GroundAction[],
  limits: SearchLimits = DEFAULT_LIMITS,
): Plan | null {
  const open: Node[] = [{ state: new Set(start), actions: [], cost: 0, key: stateKey(start) }];
  const best = new Map<string, number>([[open[0].key, 0]]);
  let expansions = 0;
  while (open.length > 0 && expansions < limits.maxExpansions) {
    open.sort(compareNodes);
    const node = open.shift()!;
    if ((best.get(node.key) ?? Infinity) < node.cost) continue;
    if (satisfies(node.state, goal)) return { actions: node.actions, cost: node.cost, expansions };
    expansions++;
    if (node.actions.length >= limits.maxDepth) continue;
    for (const action of ground(node.state)) {
      if (!applicable(node.state, action)) continue;
      const state = apply(node.state, action);
      const key = stateKey(state);
      const cost = node.cost + action.cost;
      if ((best.get(key) ?? Infinity) <= cost) continue;
      best.set(key, cost);
      open.push({ state, actions: [...node.actions, action], cost, key });
    }
  }
  return null;
}

/**
 * Ranked goals: plans for the first goal that a plan can reach, and says which.
 * A goal that already holds yields an empty plan.
 */
export function planForRankedGoals(
  start: State,
  goals: Goal[],
  ground: (state: State) => GroundAction[],
  limits: SearchLimits = DEFAULT_LIMITS,
): { goal: Goal; rank: number; plan: Plan } | null {
  for (let rank = 0; rank < goals.length; rank++) {
    const plan = findPlan(start, goals[rank], ground, limits);
    if (plan) return { goal: goals[rank], rank, plan };
  }
  return null;
}
