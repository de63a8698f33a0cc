/**
 * One assertion for a checkout scenario: what a run left in the database (order, payments,
 * stock, reservations, shipments, notifications) and the shape of its trace. Every scenario
 * states all of it, so a change in behaviour shows up wherever it lands.
 */
import { expect } from 'vitest';
import type { RunResult } from '@/lib/checkout/run-checkout';
import type { SpecialistName } from '@/lib/protocol/agents';
import type { TraceEvent } from '@/lib/trace/events';
import type { Harness } from './checkout-harness';

type Of<T extends TraceEvent['type']> = Extract<TraceEvent, { type: T }>;

export interface ScenarioExpectation {
  run: 'succeeded' | 'failed';
  order: { status: 'placed' | 'failed'; needsReview?: boolean };
  /** Every Payment row as `kind:status`, sorted (a timed-out or 5xx call writes none). */
  payments: string[];
  /** Product rows after the run, by SKU. */
  stock: Record<string, { stock: number; reserved: number }>;
  /** Reservation statuses of the order. */
  reservations: string[];
  /** Shipments as `status:carrier`. */
  shipments: string[];
  /** The order's notifications in the order they were written. */
  notifications: { status: 'sent' | 'queued' | 'failed'; subject: RegExp; body?: RegExp }[];
  trace: {
    /** The specialists the CheckoutAgent asked, as a set. */
    asked: SpecialistName[];
    /** Tool results (`ok` / `error`) of these tools, in order. */
    tools?: Record<string, ('ok' | 'error')[]>;
    /** Whether fault.injected events appear. */
    faults: boolean;
    /** A CheckoutAgent reasoning text that must appear (the re-plan). */
    reasoning?: RegExp;
  };
}

const ofType = <T extends TraceEvent['type']>(events: TraceEvent[], type: T) =>
  events.filter((e): e is Of<T> => e.type === type);

export async function scenarioState(h: Harness, run: RunResult) {
  const orderId = run.order.orderId;
  const db = h.t.db;
  const [order, payments, reservations, shipments, notifications, products, events] = await Promise.all([
    db.order.findUniqueOrThrow({ where: { id: orderId }, include: { items: true } }),
    db.payment.findMany({ where: { orderId } }),
    db.reservation.findMany({ where: { orderId } }),
    db.shipment.findMany({ where: { orderId } }),
    db.notification.findMany({ where: { orderId } }),
    db.product.findMany(),
    h.events(run.runId),
  ]);
  return { order, payments, reservations, shipments, notifications, products, events };
}

export async function expectScenario(h: Harness, run: RunResult, expected: ScenarioExpectation) {
  const s = await scenarioState(h, run);
  expect(run.status, run.outcome).toBe(expected.run);
  expect(s.order).toMatchObject({ status: expected.order.status, needsReview: expected.order.needsReview ?? false });
  expect(s.payments.map((p) => `${p.kind}:${p.status}`).sort()).toEqual([...expected.payments].sort());
  const captured = s.payments.filter((p) => p.kind === 'capture' && p.status === 'succeeded');
  // Whatever else happened, money is never taken twice nor for another amount than the order's.
  expect(captured.length).toBeLessThanOrEqual(1);
  for (const c of captured) expect(c.amountCents).toBe(s.order.totalCents);
  const stock = Object.fromEntries(
    Object.keys(expected.stock).map((sku) => {
      const p = s.products.find((x) => x.sku === sku)!;
      return [sku, { stock: p.stock, reserved: p.reserved }];
    }),
  );
  expect(stock).toEqual(expected.stock);
  expect(s.reservations.map((r) => r.status)).toEqual(expected.reservations);
  expect(s.shipments.map((x) => `${x.status}:${x.carrier}`)).toEqual(expected.shipments);
  expect(s.notifications.map((n) => ({ status: n.status, subject: n.subject, body: n.body }))).toEqual(
    expected.notifications.map((n) => ({
      status: n.status,
      subject: expect.stringMatching(n.subject),
      body: n.body ? expect.stringMatching(n.body) : expect.any(String),
    })),
  );
  expectTraceShape(s.events, expected);
  return s;
}

function expectTraceShape(events: TraceEvent[], expected: ScenarioExpectation) {
  expect(events[0].type).toBe('run.started');
  expect(events.at(-1)).toMatchObject({ type: 'run.finished', data: { status: expected.run } });
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  // Every tool call is answered once, and every ask gets its reply.
  const results = new Map(ofType(events, 'tool.result').map((e) => [e.data.toolCallId, e]));
  const calls = ofType(events, 'tool.call');
  expect(calls.filter((c) => !results.has(c.data.toolCallId)).map((c) => c.data.toolName)).toEqual([]);
  expect(results.size).toBe(calls.length);
  const messages = ofType(events, 'message.sent');
  const requests = messages.filter((m) => m.data.direction === 'request');
  expect(messages.filter((m) => m.data.direction === 'reply')).toHaveLength(requests.length);
  expect(new Set(requests.map((m) => m.data.to))).toEqual(new Set(expected.trace.asked));
  for (const [tool, statuses] of Object.entries(expected.trace.tools ?? {})) {
    expect(
      ofType(events, 'tool.result')
        .filter((e) => e.data.toolName === tool)
        .map((e) => e.data.status),
      tool,
    ).toEqual(statuses);
  }
  expect(ofType(events, 'fault.injected').length > 0).toBe(expected.trace.faults);
  if (expected.trace.reasoning) {
    expect(
      ofType(events, 'model.step').some(
        (e) => e.agent === 'CheckoutAgent' && expected.trace.reasoning!.test(e.data.reasoning),
      ),
    ).toBe(true);
  }
}

export const ALL_SPECIALISTS: SpecialistName[] = [
  'CustomerAgent',
  'ShippingAgent',
  'InventoryAgent',
  'PaymentAgent',
  'NotificationAgent',
];
