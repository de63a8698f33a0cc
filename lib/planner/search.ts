import type { Atom, GroundAction, Goal, State } from './strips';

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
  /** The state as one bit per atom (see AtomBits). */
  bits: bigint;
  actions: GroundAction[];
  /** actionKey of each action, made once when the node is: the tie-break compares them often. */
  actionKeys: string[];
  cost: number;
}

const actionKey = (a: GroundAction): string => `${a.name}(${a.args.join(',')})`;

/**
 * Atoms as bits, numbered as one search first meets them: a state is then a bigint, a successor two
 * operations on it, and two states are equal exactly when their numbers are (the search used to key each
 * state by its atoms sorted and joined, and copy it as a Set for every successor: most of its time).
 */
class AtomBits {
  readonly #bitOf = new Map<Atom, bigint>();
  readonly atoms: Atom[] = [];
  bit(atom: Atom): bigint {
    let bit = this.#bitOf.get(atom);
    if (bit === undefined) {
      bit = 1n << BigInt(this.atoms.length);
      this.#bitOf.set(atom, bit);
      this.atoms.push(atom);
    }
    return bit;
  }
  /** False for an atom never met: no state holds it. */
  has(bits: bigint, atom: Atom): boolean {
    const bit = this.#bitOf.get(atom);
    return bit !== undefined && (bits & bit) !== 0n;
  }
  mask(atoms: readonly Atom[] | undefined): bigint {
    let mask = 0n;
    for (const atom of atoms ?? []) mask |= this.bit(atom);
    return mask;
  }
  of(state: State): bigint {
    let bits = 0n;
    for (const atom of state) bits |= this.bit(atom);
    return bits;
  }
}

/** A state as the domains' ground functions take it: a read-only set over the bits, made without copying. */
class BitState implements ReadonlySet<Atom> {
  constructor(
    private readonly universe: AtomBits,
    private readonly bits: bigint,
  ) {}
  has(atom: Atom): boolean {
    return this.universe.has(this.bits, atom);
  }
  get size(): number {
    return this.universe.atoms.filter((a) => this.has(a)).length;
  }
  *values(): SetIterator<Atom> {
    for (const atom of this.universe.atoms) if (this.has(atom)) yield atom;
  }
  keys(): SetIterator<Atom> {
    return this.values();
  }
  *entries(): SetIterator<[Atom, Atom]> {
    for (const atom of this.values()) yield [atom, atom];
  }
  [Symbol.iterator](): SetIterator<Atom> {
    return this.values();
  }
  forEach(callback: (value: Atom, key: Atom, set: ReadonlySet<Atom>) => void, thisArg?: unknown): void {
    for (const atom of this.values()) callback.call(thisArg, atom, atom, this);
  }
}

interface ActionMasks {
  pre: bigint;
  preNot: bigint;
  add: bigint;
  del: bigint;
}

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
  const universe = new AtomBits();
  const goalAll = universe.mask(goal.all);
  const goalNone = universe.mask(goal.none);
  // Ground functions hand out the same action objects again: their masks are made once.
  const masks = new Map<GroundAction, ActionMasks>();
  const masksOf = (action: GroundAction): ActionMasks => {
    let m = masks.get(action);
    if (!m) {
      m = {
        pre: universe.mask(action.pre),
        preNot: universe.mask(action.preNot),
        add: universe.mask(action.add),
        del: universe.mask(action.del),
      };
      masks.set(action, m);
    }
    return m;
  };
  const root: Node = { bits: universe.of(start), actions: [], actionKeys: [], cost: 0 };
  const open = new OpenList();
  open.push(root);
  const best = new Map<bigint, number>([[root.bits, 0]]);
  let expansions = 0;
  while (open.size > 0 && expansions < limits.maxExpansions) {
    const node = open.pop();
    if ((best.get(node.bits) ?? Infinity) < node.cost) continue;
    if ((node.bits & goalAll) === goalAll && (node.bits & goalNone) === 0n) {
      return { actions: node.actions, cost: node.cost, expansions };
    }
    expansions++;
    if (node.actions.length >= limits.maxDepth) continue;
    for (const action of ground(new BitState(universe, node.bits))) {
      const m = masksOf(action);
      if ((node.bits & m.pre) !== m.pre || (node.bits & m.preNot) !== 0n) continue;
      // Deleted, then added: an atom an action both deletes and adds holds after it.
      const bits = (node.bits & ~m.del) | m.add;
      const cost = node.cost + action.cost;
      if ((best.get(bits) ?? Infinity) <= cost) continue;
      best.set(bits, cost);
      open.push({
        bits,
        actions: [...node.actions, action],
        actionKeys: [...node.actionKeys, actionKey(action)],
        cost,
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
