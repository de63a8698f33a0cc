import { getDb } from '@/lib/db/client';
import { getRecorder } from '@/lib/trace/recorder';
import { TraceIngest } from './ingest';

const KEY = Symbol.for('agent-checkout.trace-ingest');
type GlobalWithIngest = typeof globalThis & { [KEY]?: Promise<TraceIngest> };

/** The process's one ingest (its pending traces are per process), on the app's database and recorder. */
export function getTraceIngest(): Promise<TraceIngest> {
  const g = globalThis as GlobalWithIngest;
  g[KEY] ??= (async () => new TraceIngest({ db: await getDb(), recorder: await getRecorder() }))();
  return g[KEY];
}
