import type { Facts } from '../domain';
import type { Observation } from '../prompt-reader';
import type { GroundAction, Goal } from '../strips';

/** The parts of a domain for one kind of task. */
export interface TaskParts<Task> {
  observe(task: Task, observations: Observation[]): Facts;
  actions(task: Task, facts: Facts): GroundAction[];
  goals(task: Task, facts: Facts): Goal[];
  /** The answer's result on success. */
  result(task: Task, facts: Facts): Record<string, unknown>;
  /** Goal ranks that count as success (default: only the first). */
  okRanks?: number[];
}
