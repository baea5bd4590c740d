import { sharedTestConfig } from '@keeper/tooling/vitest';
import { defineConfig } from 'vitest/config';

// Benchmarks run on demand (`pnpm --filter @keeper/commerce bench`), not in the test suite.
export default defineConfig({ ...sharedTestConfig, test: { ...sharedTestConfig.test, include: ['bench/**/*.bench.ts'], testTimeout: 300_000 } });
