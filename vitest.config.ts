import { defineConfig } from 'vitest/config';

/**
 * Three tiers (STYLE.md): unit tests use fakes and run in parallel; integration tests use a real SQLite
 * file, real sharp and real tfjs; end-to-end tests drive the built renderer in Chromium against the host.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.spec.ts', 'src-main/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Integration tests spawn CLIs and ML workers; two cores do not run several at once well.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
