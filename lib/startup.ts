import { getOpenedDatabase, type OpenedDatabase } from './db/client';
import { DEFAULT_DATABASE_URL, maskDatabaseUrl, redactDatabaseUrl } from './db/database-url';
import { readModelCallSettings } from './models/call-settings';
import { agentModelMix } from './models/registry';
import { AGENT_NAMES } from './protocol/agents';
import { recoverInterruptedRuns, takeOverOrphanedRuns } from './checkout/recover';
import { readRunSettings } from './checkout/run-settings';
import { startPgRunQueue } from './checkout/pg-run-queue';
import { runSlots, setDurableRunQueue } from './checkout/run-queue';
import { executeRunJob } from './checkout/start-run';
import { getAppServices } from './checkout/app-services';
import { displayEndpoint } from './otel/config';
import { startLiveExport } from './otel/live';
import { systemClock } from './runtime/clock';
import { getRecorder } from './trace/recorder';
import { createNotificationDispatcher, startDispatchLoop } from './services/notification-dispatch';
import { flushSearchIndex } from './trace/search-indexer';
import { getTraceBus } from './trace/bus';
import { attachPostgresBus } from './trace/postgres-bus';
import { attachFaultChangesBridge } from './faults/postgres-changes';

/** How often queued notifications are tried again (each one also waits for its own retry-after). */
const DISPATCH_INTERVAL_MS = 5_000;
const DISPATCHER_KEY = Symbol.for('agent-checkout.notification-dispatcher');
const BRIDGE_KEY = Symbol.for('agent-checkout.postgres-bus');
const TAKEOVER_KEY = Symbol.for('agent-checkout.takeover-loop');
const QUEUE_KEY = Symbol.for('agent-checkout.pg-run-queue');
/** How often an instance on a shared database looks for runs a dead instance left. */
const TAKEOVER_INTERVAL_MS = 5_000;
type GlobalWithBridge = typeof globalThis & {
  [BRIDGE_KEY]?: Promise<unknown>;
  [TAKEOVER_KEY]?: NodeJS.Timeout;
  [QUEUE_KEY]?: Promise<void>;
};
type GlobalWithDispatcher = typeof globalThis & { [DISPATCHER_KEY]?: () => void };

/** RECOVERY_DELAY_MS_PER_ORDER: for system tests only, a pause per recovered order so a kill can land mid-recovery. */
function recoveryDelay(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const ms = Number(raw);
  if (Number.isInteger(ms) && ms >= 0 && ms <= 60_000) return ms;
  console.error(`[startup] RECOVERY_DELAY_MS_PER_ORDER=${raw} is not a whole number of ms in 0..60000; ignored`);
  return 0;
}

/**
 * The line said when the database cannot be used: DATABASE_URL masked, the reason with any trace
 * of its credentials removed.
 */
export function databaseStartupFailure(
  error: unknown,
  url: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
): string {
  const reason = error instanceof Error ? error.message || error.name : String(error);
  const masked = maskDatabaseUrl(url);
  const said = redactDatabaseUrl(reason, url);
  // A DatabaseConfigError already names the URL (masked); a driver's error is given after it.
  return said.includes(masked)
    ? `[startup] ${said.replace(/\s+/g, ' ')}`
    : `[startup] cannot use DATABASE_URL ${masked}: ${said.replace(/\s+/g, ' ')}`;
}

/**
 * A database the app cannot use stops start-up with one line, rather than a server that says
 * Ready and answers every request with a 500 (and logs the URL, password included, on each).
 */
async function openDatabaseOrExit(): Promise<OpenedDatabase> {
  try {
    return await getOpenedDatabase();
  } catch (error) {
    console.error(databaseStartupFailure(error));
    process.exit(1);
  }
}

/**
 * A bad AI_* or OTEL_EXPORTER_OTLP_* variable is said now, in one line naming it, and stops start-up:
 * a rejected register() would leave Next's server up, answering nothing useful. Set, the OTLP
 * variables start the live export: every run's spans flow to the collector from now on.
 */
function readConfigurationOrExit() {
  try {
    return {
      calls: readModelCallSettings(),
      ...agentModelMix(AGENT_NAMES),
      runs: readRunSettings(),
      otel: startLiveExport(),
    };
  } catch (error) {
    console.error(`[startup] ${(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ')}`);
    process.exit(1);
  }
}

/**
 * What the server does once at start: migrate, seed, recover the runs a previous process left behind,
 * and start delivering the notifications queued while the provider was down.
 */
export async function runStartupTasks(): Promise<void> {
  const { calls, agents, overrides, otel, runs } = readConfigurationOrExit();
  const mix = Object.keys(overrides).length
    ? ` (${Object.entries(overrides)
        .map(([agent, label]) => `${agent}: ${label}`)
        .join(', ')})`
    : '';
  if (otel) console.log(`[startup] live trace export to ${displayEndpoint(otel.url)} (${otel.protocol})`);
  console.log(
    `[startup] agents think with ${agents.CheckoutAgent}${mix}; model calls: ${calls.stepTimeoutMs} ms timeout, ${calls.maxRetries} retries${calls.stream ? ', streamed' : ''}`,
  );
  const opened = await openDatabaseOrExit();
  const { db, appliedMigrations, seeded, location } = opened;
  if (appliedMigrations.length > 0 || seeded) {
    console.log(
      `[startup] database ${location}: applied ${appliedMigrations.length} migration(s)${seeded ? ', seeded demo data' : ''}`,
    );
  }
  if (opened.engine === 'postgresql') {
    // Many instances on one database: what one records, the others' live views show (LISTEN/NOTIFY).
    const g = globalThis as GlobalWithBridge;
    g[BRIDGE_KEY] ??= Promise.all([
      attachPostgresBus({ db, bus: getTraceBus(), url: opened.url }),
      attachFaultChangesBridge(opened.url),
    ]).then(([bridge]) => {
      console.log(
        `[startup] PostgreSQL ${location}: live trace and fault-rule changes shared with other instances (instance ${bridge.instanceId})`,
      );
      return bridge;
    });
    await g[BRIDGE_KEY];
  }
  if (opened.engine === 'postgresql') {
    // Before recovery: a run still waiting in the queue is the queue's, not a dead instance's.
    const g = globalThis as GlobalWithBridge;
    g[QUEUE_KEY] ??= getAppServices().then(async (rt) => {
      const queue = await startPgRunQueue({
        url: opened.url,
        db,
        slots: runSlots(),
        work: (job) => executeRunJob(rt, job),
      });
      setDurableRunQueue(db, queue);
      console.log(
        `[startup] run queue on PostgreSQL (pg-boss): this instance works ${runs.concurrency} run(s) at once`,
      );
    });
    await g[QUEUE_KEY];
  }
  // Runs a stopped process left going are taken up from their logs (RUN_RECOVERY=resume, the default).
  const resumeIn = runs.recovery === 'resume' ? await getAppServices() : undefined;
  const recovery = await recoverInterruptedRuns({
    db,
    recorder: await getRecorder(),
    clock: systemClock,
    delayPerOrderMs: recoveryDelay(process.env.RECOVERY_DELAY_MS_PER_ORDER),
    resumeIn,
  });
  if (recovery.resumedRuns.length > 0)
    console.log(`[startup] recovery: ${recovery.resumedRuns.length} run(s) resumed from their logs`);
  if (
    recovery.interruptedRuns.length > 0 ||
    recovery.settledOrders.length > 0 ||
    recovery.flaggedForReview.length > 0
  ) {
    console.log(
      `[startup] recovery: ${recovery.interruptedRuns.length} interrupted run(s), ${recovery.settledOrders.length} order(s) settled: ` +
        `released ${recovery.releasedOrders.length}, voided ${recovery.voidedAuthorizations} authorization(s), refunded ${recovery.refundedCaptures} capture(s), ` +
        `cancelled ${recovery.cancelledLabels} label(s); ${recovery.flaggedForReview.length} still holding something (flagged for review)`,
    );
  }
  if (opened.engine === 'postgresql') {
    // Another instance may die while this one runs: its runs are resumed (or settled) by whichever instance claims them first.
    const g = globalThis as GlobalWithBridge;
    let sweeping = false;
    g[TAKEOVER_KEY] ??= setInterval(() => {
      if (sweeping) return;
      sweeping = true;
      void getRecorder()
        .then((recorder) => takeOverOrphanedRuns({ db, recorder, clock: systemClock, resumeIn }))
        .then((report) => {
          if (report.resumedRuns.length > 0)
            console.log(`[takeover] ${report.resumedRuns.length} run(s) of a stopped instance resumed here`);
          if (report.interruptedRuns.length > 0) {
            console.log(
              `[takeover] ${report.interruptedRuns.length} run(s) of a stopped instance settled and interrupted; ${report.settledOrders.length} order(s) given something back`,
            );
          }
        })
        .catch((error: unknown) => console.error('[takeover] looking for runs a stopped instance left failed:', error))
        .finally(() => {
          sweeping = false;
        });
    }, TAKEOVER_INTERVAL_MS);
    g[TAKEOVER_KEY].unref();
  }
  // register() may run more than once: one dispatch loop per process.
  const g = globalThis as GlobalWithDispatcher;
  g[DISPATCHER_KEY] ??= startDispatchLoop(
    createNotificationDispatcher({ db, clock: systemClock }),
    DISPATCH_INTERVAL_MS,
    (error) => {
      console.error('[notifications] dispatch failed:', error);
    },
  );
  // Events a previous process committed but did not get to index. Search lags without them but
  // nothing else does, so a failure is reported rather than keeping the server down.
  await flushSearchIndex(db).catch((error: unknown) =>
    console.error('[startup] the history search index could not catch up with the trace', error),
  );
}
