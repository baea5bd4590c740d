import { sharedTestConfig } from '@keeper/tooling/vitest';
import { defineConfig } from 'vitest/config';

export default defineConfig(sharedTestConfig);
