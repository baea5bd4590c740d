import { type CoreModule, createPlatform, type KeeperConfigInput, type Platform, resolveConfig } from '@keeper/core';
import type { KeeperPlugin } from '@keeper/sdk';
import type { Client } from 'graphql-ws';
import { createWsClient, type GraphQLResponse, postGraphQL, type RequestOptions, type WsClientOptions } from './graphql-client.js';

export interface TestPlatformOptions {
  plugins?: KeeperPlugin[];
  /** Any keeper.config.ts settings; `server.port` is forced to a free port. */
  config?: Omit<KeeperConfigInput, 'plugins'>;
  /** Core modules (used by @keeper/core's own domain); plugin authors rarely need this. */
  coreModules?: CoreModule[];
}

export interface TestPlatform {
  platform: Platform;
  /** http://127.0.0.1:<port> */
  url: string;
  graphqlUrl: string;
  wsUrl: string;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GraphQLResponse<T>>;
  /** A graphql-ws client; closed automatically on `close()`. */
  ws(options?: WsClientOptions): Client;
  close(): Promise<void>;
}

/**
 * Boots a real Keeper server with the given plugins on a random port. Call `close()` in
 * `afterAll`/`afterEach`; it disposes clients and shuts the platform down gracefully.
 */
export async function createTestPlatform(options: TestPlatformOptions = {}): Promise<TestPlatform> {
  const config = resolveConfig({
    env: 'test',
    logger: { level: process.env.KEEPER_TEST_LOG ?? 'silent' },
    ...options.config,
    // In-memory PGlite unless the test points at a server.
    database: { dataDir: 'memory://', ...options.config?.database },
    server: { host: '127.0.0.1', ...options.config?.server, port: 0 },
    plugins: options.plugins ?? [],
  });
  const platform = await createPlatform(config, options.coreModules ?? []);
  await platform.listen();
  const address = platform.app.server.address();
  if (!address || typeof address === 'string') throw new Error('test platform did not bind a TCP port');
  const url = `http://127.0.0.1:${address.port}`;
  const graphqlUrl = `${url}/graphql`;
  const wsUrl = `ws://127.0.0.1:${address.port}/graphql`;
  const clients = new Set<Client>();
  return {
    platform,
    url,
    graphqlUrl,
    wsUrl,
    gql: (query, variables, requestOptions) => postGraphQL(graphqlUrl, query, variables, requestOptions),
    ws: (wsOptions) => {
      const client = createWsClient(wsUrl, wsOptions);
      clients.add(client);
      return client;
    },
    async close() {
      await Promise.all([...clients].map((c) => c.dispose()));
      await platform.close();
    },
  };
}
