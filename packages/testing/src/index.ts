export { collect, createWsClient, type GraphQLResponse, postGraphQL, type RequestOptions, type WsClientOptions } from './graphql-client.js';
export { createTestPlatform, type TestPlatform, type TestPlatformOptions } from './test-platform.js';
export { type ServerProcess, type ServerProcessOptions, startServerProcess } from './server-process.js';
export { onSparePort } from './ports.js';
export { databaseAccess } from './database-access.js';
