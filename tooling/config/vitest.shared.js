// Shared vitest settings: resolve workspace packages to their TypeScript sources (the
// "@keeper/source" export condition) so tests never need a build of their dependencies.
//
// graphql 16 ships both index.mjs and index.js; Node (and Mercurius, a CommonJS package) load
// index.js, but Vite would pick index.mjs for our sources, giving two graphql instances whose
// `instanceof` checks fail. Pin the one Node uses.
export const sharedTestConfig = {
  resolve: {
    conditions: ['@keeper/source'],
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  ssr: { resolve: { conditions: ['@keeper/source'] } },
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
};
