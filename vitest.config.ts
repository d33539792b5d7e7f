import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the shared package from source, so no build is needed before `vitest run`.
export default defineConfig({
  resolve: {
    alias: {
      '@auto-pr-sessions/core': fileURLToPath(new URL('./packages/core/src/index.ts', import.meta.url)),
      '@auto-pr-sessions/scoring': fileURLToPath(new URL('./packages/scoring/src/index.ts', import.meta.url)),
      '@auto-pr-sessions/domain': fileURLToPath(new URL('./packages/domain/src/index.ts', import.meta.url)),
      '@auto-pr-sessions/runtime': fileURLToPath(new URL('./packages/runtime/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // drops the toolkit's ::debug:: lines, as a runner hides them (APS_TEST_DEBUG=1 shows them)
    setupFiles: ['test/setup/quiet-toolkit.ts'],
    // e2e tests spawn the bundled actions against the runtime; on a busy 2-core machine one can take
    // 25-30 s (measured), so the bound leaves room without hiding a hang for long
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // the JSON report lets .ci/run print a plain "N passed, N failed" closing line
    reporters: ['default', 'json'],
    outputFile: { json: '.tmp/vitest-results.json' },
    maxWorkers: 2,
  },
});
