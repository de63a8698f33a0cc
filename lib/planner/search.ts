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
  /** actionKey of each action, made once when the node is: the tie-break compares them often. */
  actionKeys: string[];
  cost: number;
  key: string;
}

const stateKey = (state: State): string => [...state].sort().join('|');
const actionKey = (a: GroundAction): string => `${a.name}(${a.args.join(',')})`;

/** Orders equal-cost nodes by their action sequence, so the chosen plan never depends on insertion order. */
function compareNodes(a: Node, b: Node): number {
  if (a.cost !== b.cost) return a.cost - b.cost;
  if (a.actions.length !== b.actions.length) return a.actions.length - b.actions.length;
  for (let i = 0; i < a.actionKeys.length; i++) {
    const ka = a.actionKeys[i];
    const kb = b.actionKeys[i];
    if (ka !== kb) return ka < kb ? -1 : 1;
  }
  return 0;
}

/**
 * The open list as a binary min-heap under compareNodes. That order is total over distinct paths, so
 * nodes come out exactly as a sort of the whole list would give them (the plans do not change), at
 * O(log n) a node instead of a sort per expansion.
 */
class OpenList {
  readonly #heap: Node[] = [];
  get size(): number {
    return this.#heap.length;
  }
  push(node: Node): void {
    const heap = this.#heap;
    heap.push(node);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareNodes(heap[i], heap[parent]) >= 0) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }
  pop(): Node {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let least = i;
        if (left < heap.length && compareNodes(heap[left], heap[least]) < 0) least = left;
        if (right < heap.length && compareNodes(heap[right], heap[least]) < 0) least = right;
        if (least === i) break;
        [heap[i], heap[least]] = [heap[least], heap[i]];
        i = least;
      }
    }
    return top;
  }
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
  const root: Node = { state: new Set(start), actions: [], actionKeys: [], cost: 0, key: stateKey(start) };
  const open = new OpenList();
  open.push(root);
  const best = new Map<string, number>([[root.key, 0]]);
  let expansions = 0;
  while (open.size > 0 && expansions < limits.maxExpansions) {
    const node = open.pop();
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
      open.push({
        state,
        actions: [...node.actions, action],
        actionKeys: [...node.actionKeys, actionKey(action)],
        cost,
        key,
      });
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
