import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceFaultRulesChange, onFaultRulesChanged, type FaultRulesChange } from '@/lib/faults/changes';
import { attachFaultChangesBridge, FAULT_CHANNEL, type FaultChangesBridge } from '@/lib/faults/postgres-changes';
import { createTestDatabase, type PostgresTestDatabase } from '../support/test-db';

/**
 * A fault-rule change made on another instance is announced here (once), and one made here goes out:
 * the other instance is played by a plain connection that LISTENs and NOTIFYs on the channel.
 */

let t: PostgresTestDatabase;
let bridge: FaultChangesBridge;
let other: pg.Client;
const received: string[] = [];
const errors: unknown[] = [];

beforeAll(async () => {
  const created = await createTestDatabase({ seed: false });
  if (created.engine !== 'postgresql') throw new Error('run with vitest.postgres.config.ts');
  t = created;
  bridge = await attachFaultChangesBridge(t.url, (error) => errors.push(error));
  other = new pg.Client({ connectionString: t.url });
  await other.connect();
  other.on('notification', (m) => received.push(m.payload ?? ''));
  await other.query(`LISTEN ${FAULT_CHANNEL}`);
});

afterAll(async () => {
  await bridge?.close();
  await other?.end();
  await t?.dispose();
});

async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('fault-rule changes across instances', () => {
  it('sends a change made here, and announces one made elsewhere exactly once', async () => {
    const heard: FaultRulesChange[] = [];
    const stop = onFaultRulesChanged((change) => heard.push(change));
    try {
      announceFaultRulesChange({ action: 'created', ruleIds: ['r1'], at: 1 });
      await until(() => received.length === 1);
      expect(JSON.parse(received[0])).toMatchObject({ change: { action: 'created', ruleIds: ['r1'], at: 1 } });

      await other.query('SELECT pg_notify($1, $2)', [
        FAULT_CHANNEL,
        JSON.stringify({
          instance: 'elsewhere',
          change: { action: 'preset_applied', ruleIds: ['r2', 'r3'], at: 2, preset: 'chaos-mix' },
        }),
      ]);
      await other.query('SELECT pg_notify($1, $2)', [FAULT_CHANNEL, '{"not":"a change"}']);
      await until(() => heard.length === 2);
      expect(heard).toEqual([
        { action: 'created', ruleIds: ['r1'], at: 1 },
        { action: 'preset_applied', ruleIds: ['r2', 'r3'], at: 2, preset: 'chaos-mix' },
      ]);
      // The remote change is not sent back out.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toHaveLength(3);
      // The payload that was not a change was refused (and said), not announced.
      expect(errors).toHaveLength(1);
    } finally {
      stop();
    }
  });

  it('sends a burst of changes made in one tick, all of them, in order, one query at a time', async () => {
    const deprecations: string[] = [];
    const onWarning = (warning: Error) => {
      if (warning.name === 'DeprecationWarning') deprecations.push(warning.message);
    };
    process.on('warning', onWarning);
    try {
      const before = received.length;
      for (let i = 0; i < 20; i++) announceFaultRulesChange({ action: 'updated', ruleIds: [`burst${i}`], at: 10 + i });
      await until(() => received.length === before + 20);
      expect(
        received.slice(before).map((p) => (JSON.parse(p) as { change: FaultRulesChange }).change.ruleIds[0]),
      ).toEqual(Array.from({ length: 20 }, (_, i) => `burst${i}`));
      expect(deprecations).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });
});
