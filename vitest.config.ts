import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/unit/**/*.test.{ts,tsx}', 'test/mock-org/**/*.test.ts'],
    environment: 'node',
    // The longest tests are CPU-bound work, not waits: property-based runs over real HTTPS to the mock org (9 s
    // each under load here) and a whole package build (18 s beside other load, which failed at 15 s in issue
    // 15's runs). A hang still fails, a minute later.
    testTimeout: 60_000,
  },
});
