import { defineConfig } from 'vitest/config';

// End-to-end tests drive a real browser with the built extension: one file at a time, no parallel browsers
// fighting over two cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
