import { defineConfig } from 'vitest/config';

// The bench's own unit tests (stats, report rendering): `pnpm --filter @strata/bench test`.
export default defineConfig({ test: { include: ['src/**/*.test.ts'] } });
