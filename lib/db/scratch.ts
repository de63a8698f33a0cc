import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteDatabase, type OpenedSqliteDatabase } from './client';

const TEMPLATE_KEY = Symbol.for('agent-checkout.scratch-templates');
type GlobalWithTemplates = typeof globalThis & { [TEMPLATE_KEY]?: Map<string, Promise<string>> };

/**
 * A migrated (and optionally seeded) database file made once per process; scratch databases start as
 * copies of it. Exported so a process can hand its template to the worker threads it starts
 * ({@link adoptScratchTemplate}): each would otherwise run the migrations again (about half a second).
 */
export function scratchTemplateFile(seeded: boolean): Promise<string> {
  const g = globalThis as GlobalWithTemplates;
  const templates = (g[TEMPLATE_KEY] ??= new Map<string, Promise<string>>());
  const key = seeded ? 'seeded' : 'empty';
  let pending = templates.get(key);
  if (!pending) {
    pending = (async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), `aco-template-${key}-`));
      // The template lives as long as the process (every sandbox and scorecard trial copies it).
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      const file = path.join(dir, 'template.db');
      const { db } = await openSqliteDatabase(`file:${file}`, { seed: seeded });
      // Fold the WAL into the main file, so that a plain copy of it is complete.
      await db.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
      await db.$disconnect();
      return file;
    })();
    templates.set(key, pending);
  }
  return pending.then((file) => {
    if (existsSync(file)) return file;
    templates.delete(key);
    return scratchTemplateFile(seeded);
  });
}

/** Uses a template another thread of this process made (it stays that thread's to remove). */
export function adoptScratchTemplate(seeded: boolean, file: string): void {
  const g = globalThis as GlobalWithTemplates;
  const templates = (g[TEMPLATE_KEY] ??= new Map<string, Promise<string>>());
  const key = seeded ? 'seeded' : 'empty';
  if (!templates.has(key) && existsSync(file)) templates.set(key, Promise.resolve(file));
}

export interface ScratchDatabase extends OpenedSqliteDatabase {
  url: string;
  dispose(): Promise<void>;
}

/**
 * A throw-away database in a temporary folder, at the current schema (and with the demo
 * store when `seeded`), copied from a per-process template: for tests, sandboxes and
 * the chaos scorecard, none of which may touch the live store.
 */
export async function createScratchDatabase(options: { seeded: boolean }): Promise<ScratchDatabase> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aco-scratch-'));
  const file = path.join(dir, 'scratch.db');
  copyFileSync(await scratchTemplateFile(options.seeded), file);
  const url = `file:${file}`;
  const opened = await openSqliteDatabase(url, { seed: false });
  return {
    ...opened,
    url,
    async dispose() {
      await opened.db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
