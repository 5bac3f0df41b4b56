import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Files that replace modules (`vi.mock`) and so need a module graph of their own. */
const ISOLATED = ['test/sources/trail/thread-failures.test.ts'];

// Several tests start the CLI or the sandbox as a whole; CI machines are shared and noisy,
// so the default 5 s would fail on a slow minute rather than on a fault.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-tmpdir.ts'],
    // Vitest's default is one worker fewer than the cores: a single worker on 2 cores, while
    // many tests wait on child processes and the sandbox's sockets.
    maxWorkers: Math.max(2, availableParallelism()),
    server: {
      deps: {
        // The packaged Lambda bundle (unzipped by test/stack/package.test.ts) runs in plain
        // Node, as on Lambda, not through Vite's transform (which took ~1 s for its 3.8 MB).
        external: [/\/pd-bundle-[^/]+\//],
      },
    },
    projects: [
      // Test files share their worker's module graph (the IAM catalog, the AWS SDK are
      // imported once per worker, not once per file): they hold no module state of their own.
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false } },
      { extends: true, test: { name: 'isolated', include: ISOLATED } },
    ],
  },
});
