import { getOpenedDatabase } from './db/client';
import { recoverInterruptedRuns } from './checkout/recover';
import { systemClock } from './runtime/clock';
import { getRecorder } from './trace/recorder';
import { flushSearchIndex } from './trace/search-indexer';

/** What the server does once at start: migrate, seed, and recover the runs a previous process left behind. */
export async function runStartupTasks(): Promise<void> {
  const { db, appliedMigrations, seeded, filePath } = await getOpenedDatabase();
  if (appliedMigrations.length > 0 || seeded) {
    console.log(`[startup] database ${filePath}: applied ${appliedMigrations.length} migration(s)${seeded ? ', seeded demo data' : ''}`);
  }
  const recovery = await recoverInterruptedRuns({ db, recorder: await getRecorder(), clock: systemClock });
  if (recovery.interruptedRuns.length > 0) {
    console.log(`[startup] ${recovery.interruptedRuns.length} interrupted run(s); released ${recovery.releasedOrders.length} order(s), voided ${recovery.voidedAuthorizations} authorization(s), ${recovery.flaggedForReview.length} flagged for review`);
  }
  // Events a previous process committed but did not get to index. Search lags without them but
  // nothing else does, so a failure is reported rather than keeping the server down.
  await flushSearchIndex(db).catch((error: unknown) => console.error('[startup] the history search index could not catch up with the trace', error));
}
