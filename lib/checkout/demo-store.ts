import type { PrismaClient } from '@/lib/db/client';
import { resetDemoStore, restoreDemoCustomers } from '@/lib/db/demo-reset';
import type { DemoReset } from '@/lib/wire/demo';
import { runsInProgress } from './run-registry';

/** Refused while runs are going on: pulling stock and cards from under them would break their orders. */
export class DemoResetRefused extends Error {
  constructor(readonly running: number) {
    super(
      `${running} run${running === 1 ? ' is' : 's are'} still going on; reset the demo store once ${running === 1 ? 'it has' : 'they have'} ended.`,
    );
    this.name = 'DemoResetRefused';
  }
}

/** "Reset demo store": products, stock, customers and cards back to the seed; orders and runs stay as history. */
export async function resetDemo(db: PrismaClient): Promise<DemoReset> {
  const running = runsInProgress().length;
  if (running > 0) throw new DemoResetRefused(running);
  return resetDemoStore(db);
}

/**
 * After a chaos batch or a "two checkouts", the demo customers it used are put back as seeded (a
 * run that asked for a new card gave the customer one, and "no card on file" would stop being
 * that). A customer with a run still going is left alone; the next such restore, or a reset, gets it.
 */
export async function restoreCustomersWhenIdle(db: PrismaClient, customerIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(customerIds)];
  const busy = await db.run.findMany({
    where: { status: 'running', customerId: { in: ids } },
    select: { customerId: true },
  });
  const idle = ids.filter((id) => !busy.some((run) => run.customerId === id));
  await restoreDemoCustomers(db, idle);
}
