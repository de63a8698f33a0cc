// The scorecard worker's entry: plain JavaScript that loads the TypeScript worker through tsx,
// so the pool works from tsx (CLI, bench) and from vitest alike.
import { register } from 'tsx/esm/api';

register();
await import('./trial-worker.ts');
