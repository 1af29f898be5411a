import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Native work and child processes: generous limits, separate processes.
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
