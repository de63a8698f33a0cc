import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { POST as postOrder } from '@/app/api/orders/route';
import { POST as postRule } from '@/app/api/faults/route';
import { POST as postRerun } from '@/app/api/runs/[id]/rerun/route';
import { runInProgress } from '@/lib/checkout/run-registry';
import { withAppDatabase } from '../support/app-database';
import { faultsChangedDataSchema, toolResultDataSchema } from '@/lib/trace/events';
import { recordedFaultRuleSchema } from '@/lib/wire/fault-rules';
import { placedOrderSchema } from '@/lib/wire/orders';
import { replayResultSchema } from '@/lib/wire/replay';

/** What shipping's create_label answers (the services' ServiceResult; a failed call has no value), as far as this test reads it. */
const labelCarrier = z.object({ value: z.object({ carrier: z.string() }).optional() });

const app = withAppDatabase();

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('fault rules changed mid-run', () => {
  it('are recorded in the running run as faults.changed, with the rules now in force', async () => {
    // Slow payments keep the run going long enough to change the rules under it.
    expect(
      (
        await postRule(
          new Request(
            'http://test/api/faults',
            json({ name: 'slow', service: 'payment', kind: 'latency', params: { latencyMs: 800 } }),
          ),
        )
      ).status,
    ).toBe(201);
    const res = await postOrder(
      new Request('http://test/api/orders', json({ customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 1 }] })),
    );
    const runId = placedOrderSchema.parse(await res.json()).runs[0].runId;
    const running = runInProgress(runId);
    expect(running).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      (
        await postRule(
          new Request(
            'http://test/api/faults',
            json({ name: 'mid-run outage', service: 'shipping', kind: 'carrier_outage', params: { carrier: 'ups' } }),
          ),
        )
      ).status,
    ).toBe(201);
    await running;
    const changes = await app.db.traceEvent.findMany({ where: { runId, type: 'faults.changed' } });
    expect(changes.length).toBeGreaterThanOrEqual(1);
    const rules = z
      .array(recordedFaultRuleSchema)
      .parse(faultsChangedDataSchema.parse(JSON.parse(changes.at(-1)!.payload)).rules)
      .map((r) => r.name);
    expect(rules).toEqual(expect.arrayContaining(['slow', 'mid-run outage']));
    // The new rule took effect at once: the label came from another carrier.
    const shipments = await app.db.shipment.findMany({
      where: { order: { runs: { some: { id: runId } } }, status: 'label_created' },
    });
    expect(shipments.map((s) => s.carrier)).toEqual(['fedex']);
  });

  it('are applied by a re-run at the same point of the run, which then reports identical', async () => {
    await app.db.faultRule.deleteMany();
    expect(
      (
        await postRule(
          new Request(
            'http://test/api/faults',
            json({ name: 'slow', service: 'payment', kind: 'latency', params: { latencyMs: 800 } }),
          ),
        )
      ).status,
    ).toBe(201);
    const res = await postOrder(
      new Request('http://test/api/orders', json({ customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 1 }] })),
    );
    const runId = placedOrderSchema.parse(await res.json()).runs[0].runId;
    const running = runInProgress(runId);
    // The change lands while the first payment call is held: after its latency is recorded, before its answer.
    await until(async () => (await app.db.traceEvent.count({ where: { runId, type: 'fault.injected' } })) > 0);
    expect(
      (
        await postRule(
          new Request(
            'http://test/api/faults',
            json({ name: 'mid-run outage', service: 'shipping', kind: 'carrier_outage', params: { carrier: 'ups' } }),
          ),
        )
      ).status,
    ).toBe(201);
    await running;
    const change = await app.db.traceEvent.findFirstOrThrow({ where: { runId, type: 'faults.changed' } });

    const rerun = await postRerun(new Request(`http://test/api/runs/${runId}/rerun`, { method: 'POST' }), {
      params: Promise.resolve({ id: runId }),
    });
    expect(rerun.status).toBe(201);
    const body = replayResultSchema.parse(await rerun.json());
    expect(body.comparison).toMatchObject({ identical: true, firstDivergence: null });
    // The re-run recorded the change at the same seq, and met it there: its label too came from another carrier.
    const again = await app.db.traceEvent.findFirstOrThrow({ where: { runId: body.runId, type: 'faults.changed' } });
    expect(again.seq).toBe(change.seq);
    const labels = await app.db.traceEvent.findMany({
      where: { runId: body.runId, toolName: 'shipping_create_label', type: 'tool.result' },
    });
    expect(
      labels.map((l) => labelCarrier.parse(toolResultDataSchema.parse(JSON.parse(l.payload)).output).value?.carrier),
    ).toContain('fedex');
  });
});

/** Polls the store until the condition holds: the point a test waits for is an event, not a duration. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}
