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
    // The test files of a worker share its modules instead of importing the sources afresh each
    // (79 s against 50 s). Nothing here mocks a module; a test that needs a module's first-call
    // state imports a fresh copy (vi.resetModules, as test/io/heapGrowth.test.ts).
    isolate: false,
  },
});
