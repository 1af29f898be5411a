import { defineConfig } from 'vitest/config';

// Two projects: `unit` (test/<layer>/: the library's functions, mirroring
// lib/) and `system` (test/system/: the package as users and CI meet it --
// install, ISA builds, CLI, browser, examples, repository checks). Run one
// with `npx vitest run --project system`.
export default defineConfig({
  test: {
    // Native work and child processes: generous limits, separate processes.
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/system/**'] } },
      { extends: true, test: { name: 'system', include: ['test/system/**/*.test.ts'] } },
    ],
  },
});
