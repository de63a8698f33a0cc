import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import { announceFaultRulesChange, onFaultRulesChanged, type FaultRulesChange } from './changes';
import { serialQueries } from '@/lib/db/serial-queries';

/**
 * Fault-rule changes across instances on PostgreSQL: a change announced here is NOTIFYed, and a change
 * another instance announced is announced here too, so the runs this instance executes record every
 * change they lived through wherever it was made (the rules themselves are read from the database).
 */

export const FAULT_CHANNEL = 'aco_fault_rules';

const payloadSchema = z.object({
  instance: z.string().min(1),
  change: z.object({
    action: z.enum(['created', 'updated', 'deleted', 'cleared', 'preset_applied']),
    ruleIds: z.array(z.string()).max(200),
    at: z.number(),
    preset: z.string().optional(),
  }),
});

export interface FaultChangesBridge {
  close(): Promise<void>;
}

export async function attachFaultChangesBridge(
  url: string,
  onError: (error: unknown) => void = (error) =>
    console.error('[faults] PostgreSQL LISTEN/NOTIFY:', error instanceof Error ? error.message : error),
): Promise<FaultChangesBridge> {
  const instance = randomUUID();
  const client = new pg.Client({ connectionString: url });
  client.on('error', onError);
  await client.connect();
  const queries = serialQueries(client);
  /** Changes that came from another instance: announced here, never sent back out. */
  const remote = new WeakSet<FaultRulesChange>();
  const unsubscribe = onFaultRulesChanged((change) => {
    if (remote.has(change)) return;
    // A 'cleared' of very many rules names the first 200: NOTIFY payloads stay under 8000 bytes.
    const payload = JSON.stringify({ instance, change: { ...change, ruleIds: change.ruleIds.slice(0, 200) } });
    queries.query('SELECT pg_notify($1, $2)', [FAULT_CHANNEL, payload]).catch(onError);
  });
  client.on('notification', (message) => {
    if (message.channel !== FAULT_CHANNEL || !message.payload) return;
    let parsed: z.infer<typeof payloadSchema>;
    try {
      parsed = payloadSchema.parse(JSON.parse(message.payload));
    } catch (error) {
      onError(error);
      return;
    }
    if (parsed.instance === instance) return;
    const change: FaultRulesChange = { ...parsed.change };
    remote.add(change);
    announceFaultRulesChange(change);
  });
  await queries.query(`LISTEN ${FAULT_CHANNEL}`);
  return {
    async close() {
      unsubscribe();
      await queries.settled();
      await client.end().catch(() => undefined);
    },
  };
}
