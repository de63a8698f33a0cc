import { describe, expect, it } from 'vitest';
import { POST as postOrder } from '@/app/api/orders/route';
import { POST as postRule } from '@/app/api/faults/route';
import { runInProgress } from '@/lib/checkout/start-run';
import { withAppDatabase } from '../support/app-database';

const app = withAppDatabase();

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('fault rules changed mid-run', () => {
  it('are recorded in the running run as faults.changed, with the rules now in force', async () => {
    // Slow payments keep the run going long enough to change the rules under it.
    expect((await postRule(new Request('http://test/api/faults', json({ name: 'slow', service: 'payment', kind: 'latency', params: { latencyMs: 800 } })))).status).toBe(201);
    const res = await postOrder(new Request('http://test/api/orders', json({ customerId: 'cus_ada', items: [{ sku: 'KB-001', quantity: 1 }] })));
    const runId = ((await res.json()) as { runs: { runId: string }[] }).runs[0].runId;
    const running = runInProgress(runId);
    expect(running).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await postRule(new Request('http://test/api/faults', json({ name: 'mid-run outage', service: 'shipping', kind: 'carrier_outage', params: { carrier: 'ups' } })))).status).toBe(201);
    await running;
    const changes = await app.db.traceEvent.findMany({ where: { runId, type: 'faults.changed' } });
    expect(changes.length).toBeGreaterThanOrEqual(1);
    const rules = (JSON.parse(changes.at(-1)!.payload) as { rules: { name: string }[] }).rules.map((r) => r.name);
    expect(rules).toEqual(expect.arrayContaining(['slow', 'mid-run outage']));
    // The new rule took effect at once: the label came from another carrier.
    const shipments = await app.db.shipment.findMany({ where: { order: { runs: { some: { id: runId } } }, status: 'label_created' } });
    expect(shipments.map((s) => s.carrier)).toEqual(['fedex']);
  });
});
