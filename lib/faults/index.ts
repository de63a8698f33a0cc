/** lib/faults: fault rules (schema, storage, presets) and the injector the services ask before each call. */
export * from './catalog';
export * from './changes';
export * from './injector';
export * from './presets';
export * from './rule-schema';
export * from './rules';
export type { FaultCall } from './triggers';
