import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30000,
    globalSetup: ['test/globalSetup.ts'],
    // Vitest's own default is one worker fewer than the cores, for the main process; that process
    // only waits here, and on a 2-core machine the default ran the files one at a time
    // (120 s against 80 s with both cores).
    maxWorkers: availableParallelism(),
  },
});
