// Shared vitest settings: resolve workspace packages to their TypeScript sources (the
// "@keeper/source" export condition) so tests never need a build of their dependencies.
export const sharedTestConfig = {
  resolve: { conditions: ['@keeper/source'] },
  ssr: { resolve: { conditions: ['@keeper/source'] } },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
};
