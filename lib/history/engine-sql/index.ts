import { engineOf } from '@/lib/db/engine';
import { postgresHistorySql } from './postgresql';
import { sqliteHistorySql } from './sqlite';
import type { HistoryEngineSql } from './types';

export type { HistoryEngineSql } from './types';

/** The history SQL for the engine behind a client. */
export function historySqlFor(db: object): HistoryEngineSql {
  return engineOf(db) === 'postgresql' ? postgresHistorySql : sqliteHistorySql;
}
