import { getOpenedDatabase } from './db/client';
import { readModelCallSettings } from './models/call-settings';
import { agentModelMix } from './models/registry';
import { AGENT_NAMES } from './protocol/agents';
import { recoverInterruptedRuns } from './checkout/recover';
import { systemClock } from './runtime/clock';
import { getRecorder } from './trace/recorder';
import { createNotificationDispatcher, startDispatchLoop } from './services/notification-dispatch';
import { flushSearchIndex } from './trace/search-indexer';

/** How often queued notifications are tried again (each one also waits for its own retry-after). */
const DISPATCH_INTERVAL_MS = 5_000;
const DISPATCHER_KEY = Symbol.for('agent-checkout.notification-dispatcher');
type GlobalWithDispatcher = typeof globalThis & { [DISPATCHER_KEY]?: () => void };

/**
 * What the server does once at start: migrate, seed, recover the runs a previous process left behind,
 * and start delivering the notifications queued while the provider was down.
 */
export async function runStartupTasks(): Promise<void> {
  // A bad AI_* variable is said now, naming it, rather than at the first order.
  const calls = readModelCallSettings();
  const { agents, overrides } = agentModelMix(AGENT_NAMES);
  const mix = Object.keys(overrides).length ? ` (${Object.entries(overrides).map(([agent, label]) => `${agent}: ${label}`).join(', ')})` : '';
  console.log(`[startup] agents think with ${agents.CheckoutAgent}${mix}; model calls: ${calls.stepTimeoutMs} ms timeout, ${calls.maxRetries} retries${calls.stream ? ', streamed' : ''}`);
  const { db, appliedMigrations, seeded, filePath } = await getOpenedDatabase();
  if (appliedMigrations.length > 0 || seeded) {
    console.log(`[startup] database ${filePath}: applied ${appliedMigrations.length} migration(s)${seeded ? ', seeded demo data' : ''}`);
  }
  const recovery = await recoverInterruptedRuns({ db, recorder: await getRecorder(), clock: systemClock });
  if (recovery.interruptedRuns.length > 0) {
    console.log(`[startup] ${recovery.interruptedRuns.length} interrupted run(s); released ${recovery.releasedOrders.length} order(s), voided ${recovery.voidedAuthorizations} authorization(s), ${recovery.flaggedForReview.length} flagged for review`);
  }
  // register() may run more than once: one dispatch loop per process.
  const g = globalThis as GlobalWithDispatcher;
  g[DISPATCHER_KEY] ??= startDispatchLoop(createNotificationDispatcher({ db, clock: systemClock }), DISPATCH_INTERVAL_MS, (error) => {
    console.error('[notifications] dispatch failed:', error);
  });
  // Events a previous process committed but did not get to index. Search lags without them but
  // nothing else does, so a failure is reported rather than keeping the server down.
  await flushSearchIndex(db).catch((error: unknown) => console.error('[startup] the history search index could not catch up with the trace', error));
}
