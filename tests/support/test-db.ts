import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type OpenedDatabase } from '@/lib/db/client';

export interface TestDatabase extends OpenedDatabase {
  url: string;
  dispose(): Promise<void>;
}

/** A fresh, migrated database in a temporary folder; seeded with the demo store unless told not to. */
export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aco-test-'));
  const url = `file:${path.join(dir, 'test.db')}`;
  const opened = await openDatabase({ url, seed: options.seed ?? true });
  return {
    ...opened,
    url,
    async dispose() {
      await opened.db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
