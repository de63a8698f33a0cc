import type { PrismaClient } from '@/lib/db/client';
import type { Prisma } from '@/lib/db/generated/client';

export type Tx = Prisma.TransactionClient;

/**
 * An interactive transaction sized for one SQLite writer. The better-sqlite3 adapter
 * queues transactions behind one mutex, so under load a transaction may wait its turn
 * for a while (maxWait) although each one is short (timeout).
 *
 * Callbacks must not throw for business outcomes: that adapter runs every query on the
 * one connection, so a statement issued elsewhere while this transaction is open joins
 * it, and a rollback would take that statement with it. Decide inside, return a value,
 * commit. Never await anything but the database in here (no sleeps, no reporters).
 */
export function inTransaction<T>(db: PrismaClient, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(fn, { maxWait: 120_000, timeout: 30_000 });
}
