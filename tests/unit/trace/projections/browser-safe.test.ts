import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The browser folds with these very files: they may import zod and each other, nothing else.
const root = path.resolve(__dirname, '../../../../lib/trace');
const files = ['events.ts', ...readdirSync(path.join(root, 'projections')).map((f) => `projections/${f}`)];

describe('projections are framework-free', () => {
  it.each(files)('%s imports only zod and its siblings', (file) => {
    const source = readFileSync(path.join(root, file), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((spec) => spec !== 'zod' && !spec.startsWith('./') && !spec.startsWith('../events'))).toEqual(
      [],
    );
  });
});
