import type { PrismaClient } from '@/lib/db/client';
import { createDbFaultInjector, type FaultInjector } from '@/lib/faults/injector';
import type { Clock } from '@/lib/runtime/clock';
import { randomIds, type IdGenerator } from '@/lib/runtime/ids';
import { silentFaultReporter, type FaultReporter } from './types';

/** What createServices is given. Only db and clock are required. */
export interface ServiceDeps {
  db: PrismaClient;
  clock: Clock;
  ids?: IdGenerator;
  /** Told about every fault that fires (the trace recorder, in the app). */
  reporter?: FaultReporter;
  /** Which faults to inject; the rules in the database by default. */
  faults?: FaultInjector;
  /** How long until a requested card appears (default 2000 ms; Infinity: never). */
  newCardDelayMs?: number;
}

export type ServiceContext = Required<ServiceDeps>;

export const DEFAULT_NEW_CARD_DELAY_MS = 2000;

export function resolveDeps(deps: ServiceDeps): ServiceContext {
  return {
    db: deps.db,
    clock: deps.clock,
    ids: deps.ids ?? randomIds,
    reporter: deps.reporter ?? silentFaultReporter,
    faults: deps.faults ?? createDbFaultInjector(deps.db, deps.clock),
    newCardDelayMs: deps.newCardDelayMs ?? DEFAULT_NEW_CARD_DELAY_MS,
  };
}

/** Rows the services write carry the run's clock time, so a re-run writes the same rows. */
export const nowDate = (ctx: Pick<ServiceContext, 'clock'>): Date => new Date(ctx.clock.now());
