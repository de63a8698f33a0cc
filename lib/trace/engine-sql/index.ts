import { engineOf } from '@/lib/db/engine';
import { postgresTraceSql } from './postgresql';
import { sqliteTraceSql } from './sqlite';
import type { TraceEngineSql } from './types';

export type { TraceEngineSql } from './types';

/** The trace SQL for the engine behind a client. */
export function traceSqlFor(db: object): TraceEngineSql {
  return engineOf(db) === 'postgresql' ? postgresTraceSql : sqliteTraceSql;
}
