import { defineConfig } from 'vitest/config';

// Several tests start the CLI or the sandbox as a whole; CI machines are shared and noisy,
// so the default 5 s would fail on a slow minute rather than on a fault.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
