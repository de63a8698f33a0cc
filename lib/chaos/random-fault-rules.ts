import { kindsForService, operationsForKind, SERVICE_NAMES, CARRIERS, type FaultKind } from '@/lib/faults/catalog';
import type { FaultRule } from '@/lib/faults/rule-schema';
import { createRandom } from '@/lib/runtime/random';

/** Kinds that make every order fail the same way; a random schedule draws them rarely. */
const DECISIVE: FaultKind[] = ['decline', 'insufficient_funds', 'fraud_hold', 'out_of_stock', 'address_rejected'];

/**
 * A random but reproducible fault schedule: 2–4 rules over any service, kind and
 * applicable operation, each firing with a seeded probability or for the next few
 * calls. The same seed gives the same rules, ids included.
 */
export function randomFaultSchedule(seed: number, options: { maxRules?: number } = {}): FaultRule[] {
  const random = createRandom(seed, 'fault-schedule');
  const count = random.int(2, options.maxRules ?? 4);
  const rules: FaultRule[] = [];
  for (let i = 0; i < count; i++) {
    const service = SERVICE_NAMES[random.int(0, SERVICE_NAMES.length - 1)];
    const kinds = kindsForService(service).filter((k) => !DECISIVE.includes(k) || random.next() < 0.25);
    const kind = kinds[random.int(0, kinds.length - 1)];
    const operations = operationsForKind(kind, service);
    const operation = random.next() < 0.4 ? '*' : operations[random.int(0, operations.length - 1)];
    const byProbability = random.next() < 0.6;
    rules.push({
      id: `sched_${seed}_${i}`,
      name: `random ${kind} on ${service}.${operation}`,
      service,
      operation,
      kind,
      enabled: true,
      trigger: byProbability ? 'probability' : 'next_n',
      probability: byProbability ? Math.round((0.15 + random.next() * 0.45) * 100) / 100 : null,
      seed: byProbability ? random.int(1, 1_000_000) : null,
      remainingCalls: byProbability ? null : random.int(1, 3),
      customerId: null,
      paymentMethodId: null,
      activeFrom: null,
      activeUntil: null,
      params: {
        ...(kind === 'latency' ? { latencyMs: random.int(50, 800) } : {}),
        ...(kind === 'rate_limited' || kind === 'service_down' || kind === 'provider_down'
          ? { retryAfterMs: random.int(100, 2000) }
          : {}),
        ...(kind === 'carrier_outage' ? { carrier: CARRIERS[random.int(0, CARRIERS.length - 1)] } : {}),
      },
      hitCount: 0,
      evalCount: 0,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    });
  }
  return rules;
}
