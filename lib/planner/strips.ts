/**
 * A small STRIPS vocabulary: a state is a set of ground atoms ("reserved",
 * "usable(pm_1)"); a ground action has preconditions (atoms that must hold, atoms
 * that must not) and effects (atoms added, atoms deleted) and a cost.
 */

export type Atom = string;
export type State = ReadonlySet<Atom>;

export interface GroundAction {
  /** Action schema name, e.g. "authorize". */
  name: string;
  /** Bound arguments, e.g. ["pm_1"]: part of the tie-break. */
  args: string[];
  pre: Atom[];
  /** Atoms that must NOT hold. */
  preNot?: Atom[];
  add: Atom[];
  del?: Atom[];
  cost: number;
  /** The tool call that carries the action out; absent for actions that cannot be executed yet (optimistic placeholders). */
  call?: { toolName: string; input: Record<string, unknown> };
  /** One line saying why this step, used in the reasoning text. */
  why?: string;
}

export interface Goal {
  /** Short name, e.g. "order completed". */
  name: string;
  all: Atom[];
  none?: Atom[];
}

export const atom = (name: string, ...args: (string | number)[]): Atom =>
  args.length === 0 ? name : `${name}(${args.join(',')})`;

export function satisfies(state: State, goal: Goal): boolean {
  return goal.all.every((a) => state.has(a)) && (goal.none ?? []).every((a) => !state.has(a));
}

export function describeAction(action: GroundAction): string {
  return action.args.length ? `${action.name}(${action.args.join(', ')})` : action.name;
}
