// Two projects: `unit` is hermetic and fast; `integration` drives the real Docker engine and real
// Debian packages, one file at a time (two cores: parallel image builds only slow each other).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The JSON result is what .ci/run reads for its `tests: N passed, M failed` line.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-result.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
          // GitHub's workflow parser imports JSON without an import attribute, which Node refuses:
          // let vite load it.
          server: { deps: { inline: ['@actions/workflow-parser'] } },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 1_800_000,
          fileParallelism: false,
          env: { TESTCONTAINERS_RYUK_DISABLED: 'true' },
        },
      },
    ],
  },
});
