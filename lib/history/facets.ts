import type { PrismaClient } from '@/lib/db/client';
import { FAULT_KINDS, SERVICE_OPERATIONS } from '@/lib/faults/catalog';
import { ASK_TOOL, SPECIALISTS, TOOLS } from '@/lib/protocol/agents';

/** The values the /runs filters offer: what a person can pick in each filter. */
export interface HistoryFacets {
  agents: string[];
  tools: string[];
  faultKinds: string[];
  models: string[];
  errorCodes: string[];
}

/**
 * The values the /runs filters offer. Agents, tools and fault kinds are known by name; models and
 * error codes are read from what was recorded (both on indexes that hold few distinct values:
 * GROUP BY on Run.model and RunModel.model, and the errorCode index's non-null range, i.e. only failed tool results).
 */
export async function historyFacets(db: PrismaClient): Promise<HistoryFacets> {
  const [models, agentModels, codes] = await Promise.all([
    db.run.groupBy({ by: ['model'], orderBy: { model: 'asc' } }),
    db.runModel.groupBy({ by: ['model'], orderBy: { model: 'asc' } }),
    db.traceEvent.groupBy({ by: ['errorCode'], where: { errorCode: { not: null } }, orderBy: { errorCode: 'asc' } }),
  ]);
  const orchestratorTools = Object.entries(SERVICE_OPERATIONS).flatMap(([service, operations]) =>
    operations.map((op) => `${service}.${op}`),
  );
  return {
    agents: ['CheckoutAgent', ...SPECIALISTS, 'OrderService'],
    tools: [...Object.values(ASK_TOOL), ...Object.values(TOOLS), ...orchestratorTools].sort(),
    faultKinds: [...FAULT_KINDS].sort(),
    models: [...new Set([...models, ...agentModels].map((m) => m.model))].sort(),
    errorCodes: codes.flatMap((c) => (c.errorCode ? [c.errorCode] : [])),
  };
}
