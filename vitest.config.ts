import { readdirSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests run against `src/` with no build step: every workspace package exports a `source`
// condition pointing at its TypeScript entry, and vitest resolves it first.
// Only `source` is added: vitest forwards these conditions to Node for external packages, and
// `module` would make Node load @smithy's `dist-es` builds, which do not run there.
const conditions = ['source', 'node'];

const workspaceDirs = ['packages', 'apps'].flatMap((root) =>
  readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`${root}/${d.name}/package.json`))
    .map((d) => `${root}/${d.name}`),
);

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    projects: [
      ...workspaceDirs.map((dir) => ({
        extends: true as const,
        test: {
          name: dir.split('/')[1]!,
          root: dir,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        },
      })),
      {
        extends: true as const,
        test: { name: 'bench', root: 'bench', include: ['src/**/*.test.ts'] },
      },
      {
        extends: true as const,
        test: {
          name: 'e2e',
          root: 'tests',
          include: ['e2e/**/*.test.ts'],
          // compat: writes docs/compatibility.md from the cells the client suites recorded.
          // rgw: one Ceph RGW for every file (the multi-backend suites store bytes on it).
          globalSetup: ['scripts/compat-global-setup.ts', 'scripts/rgw-global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true as const,
        test: {
          // Short in CI; `npm run chaos` / `npm run soak` run the long versions.
          name: 'chaos',
          root: 'tests',
          include: ['chaos/**/*.test.ts'],
          testTimeout: 1_800_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true as const,
        test: {
          name: 'hostile',
          root: 'tests',
          include: ['hostile/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true as const,
        // Every ts/js example in the READMEs, type-checked and run (see the test's header).
        test: { name: 'readme', root: 'tests', include: ['readme/**/*.test.ts'] },
      },
    ],
    // Every project: a test that makes the process emit uncaughtException/unhandledRejection fails.
    setupFiles: [resolve('scripts/vitest-process-guard.ts')],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
