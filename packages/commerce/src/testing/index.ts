export * from './fake-server.js';
export * from './fixtures.js';
export * from './contract-suite.js';
export * from './memory-adapter.js';
export * from './test-host.js';
