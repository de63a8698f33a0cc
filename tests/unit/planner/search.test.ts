import { describe, expect, it } from 'vitest';
import { createRandom } from '@/lib/runtime/random';
import { findPlan, type Plan } from '@/lib/planner/search';
import { satisfies, type Atom, type Goal, type GroundAction, type State } from '@/lib/planner/strips';

/** STRIPS as the search must read it: every precondition holds and no excluded atom does. */
const applicable = (state: State, action: GroundAction): boolean =>
  action.pre.every((a) => state.has(a)) && (action.preNot ?? []).every((a) => !state.has(a));

/** Deleted, then added: an atom an action both deletes and adds holds after it. */
function apply(state: State, action: GroundAction): Set<Atom> {
  const next = new Set(state);
  for (const a of action.del ?? []) next.delete(a);
  for (const a of action.add) next.add(a);
  return next;
}

/**
 * The search as it is specified, written the plain way: states as sets keyed by their sorted atoms, the
 * whole open list sorted before each pop by (cost, length, action keys). findPlan keeps states as bits
 * and its open list as a heap; it must choose exactly the same plans.
 */
function referencePlan(start: State, goal: Goal, ground: (state: State) => GroundAction[]): Plan | null {
  type Node = { state: Set<Atom>; actions: GroundAction[]; keys: string[]; cost: number; key: string };
  const keyOf = (state: Set<Atom>) => [...state].sort().join('|');
  const actionKey = (a: GroundAction) => `${a.name}(${a.args.join(',')})`;
  const compare = (a: Node, b: Node) => {
    if (a.cost !== b.cost) return a.cost - b.cost;
    if (a.actions.length !== b.actions.length) return a.actions.length - b.actions.length;
    for (let i = 0; i < a.keys.length; i++) if (a.keys[i] !== b.keys[i]) return a.keys[i] < b.keys[i] ? -1 : 1;
    return 0;
  };
  const root: Node = { state: new Set(start), actions: [], keys: [], cost: 0, key: keyOf(new Set(start)) };
  const open = [root];
  const best = new Map([[root.key, 0]]);
  let expansions = 0;
  while (open.length > 0 && expansions < 20_000) {
    open.sort(compare);
    const node = open.shift()!;
    if ((best.get(node.key) ?? Infinity) < node.cost) continue;
    if (satisfies(node.state, goal)) return { actions: node.actions, cost: node.cost, expansions };
    expansions++;
    if (node.actions.length >= 14) continue;
    for (const action of ground(node.state)) {
      if (!applicable(node.state, action)) continue;
      const state = apply(node.state, action);
      const key = keyOf(state);
      const cost = node.cost + action.cost;
      if ((best.get(key) ?? Infinity) <= cost) continue;
      best.set(key, cost);
      open.push({ state, actions: [...node.actions, action], keys: [...node.keys, actionKey(action)], cost, key });
    }
  }
  return null;
}

function randomProblem(seed: number) {
  const random = createRandom(seed, 'planner-search-test');
  const atoms = Array.from({ length: 10 }, (_, i) => `a${i}(${i % 3})`);
  const some = (p: number) => atoms.filter(() => random.next() < p);
  // Names and arguments repeat, but never both: an action's key is what breaks ties, as in the domains.
  const actions: GroundAction[] = Array.from({ length: 12 }, (_, i) => ({
    name: `act${i % 5}`,
    args: [`x${Math.floor(i / 5)}`, `y${random.int(0, 2)}`],
    pre: some(0.15),
    preNot: random.next() < 0.5 ? some(0.1) : undefined,
    add: some(0.2),
    del: random.next() < 0.5 ? some(0.15) : undefined,
    cost: random.int(1, 3),
  }));
  const gate = atoms[random.int(0, atoms.length - 1)];
  // Some actions are offered only while an atom holds: the ground function reads the state it is given.
  const ground = (state: State) => (state.has(gate) ? actions : actions.slice(0, 8));
  const goal: Goal = { name: 'goal', all: some(0.25), none: random.next() < 0.5 ? some(0.1) : undefined };
  return { start: new Set(some(0.3)), goal, ground };
}

describe('the planner search', () => {
  it('chooses the plan the plain uniform-cost search chooses, on 400 random problems', () => {
    let found = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { start, goal, ground } = randomProblem(seed);
      const plan = findPlan(start, goal, ground);
      expect(plan, `seed ${seed}`).toEqual(referencePlan(start, goal, ground));
      if (plan && plan.actions.length > 1) found++;
    }
    // The problems are not all trivial or impossible.
    expect(found).toBeGreaterThan(50);
  });

  it('hands ground functions a state that reads like the set it stands for', () => {
    const seen: Atom[][] = [];
    const actions: GroundAction[] = [{ name: 'b', args: [], pre: ['a'], add: ['b'], del: ['a'], cost: 1 }];
    findPlan(new Set(['a', 'c']), { name: 'g', all: ['b'] }, (state) => {
      seen.push([...state].sort());
      expect(state.size).toBe(seen.at(-1)!.length);
      expect(state.has('c')).toBe(true);
      expect(state.has('never')).toBe(false);
      return actions;
    });
    expect(seen).toEqual([['a', 'c']]);
  });
});
