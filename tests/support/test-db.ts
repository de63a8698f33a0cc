import { createScratchDatabase, type ScratchDatabase } from '@/lib/db/scratch';
import { searchIndexIdle } from '@/lib/trace/search-indexer';

export type TestDatabase = ScratchDatabase;

/** A fresh, migrated database in a temporary folder; seeded with the demo store unless told not to. */
export async function createTestDatabase(options: { seed?: boolean } = {}): Promise<TestDatabase> {
  const scratch = await createScratchDatabase({ seeded: options.seed ?? true });
  return {
    ...scratch,
    // The search index is fed a moment after each commit: let a pending pass finish before the file
    // goes, or it runs against a deleted database and says so on stderr.
    async dispose() {
      await searchIndexIdle(scratch.db);
      await scratch.dispose();
    },
  };
}
