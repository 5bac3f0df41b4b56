import { defineConfig } from 'vitest/config';

// Several tests start the CLI or the sandbox as a whole; CI machines are shared and noisy,
// so the default 5 s would fail on a slow minute rather than on a fault.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-tmpdir.ts'],
    server: {
      deps: {
        // The packaged Lambda bundle (unzipped by test/stack/package.test.ts) runs in plain
        // Node, as on Lambda, not through Vite's transform (which took ~1 s for its 3.8 MB).
        external: [/\/pd-bundle-[^/]+\//],
      },
    },
  },
});
