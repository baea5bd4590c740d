import { resolve } from 'node:path';
import { createPlatform, loadConfig } from '@keeper/core';
import { afterAll, describe, expect, it } from 'vitest';

describe('the reference deployment', () => {
  const previous = { ...process.env };
  afterAll(() => {
    process.env = previous;
  });

  it('boots from keeper.config.ts on embedded defaults and answers GraphQL and health checks', async () => {
    process.env.KEEPER_DATA_DIR = 'memory://';
    process.env.PORT = '0';
    delete process.env.DATABASE_URL;
    delete process.env.REDIS_URL;
    const config = await loadConfig(resolve(import.meta.dirname, '../keeper.config.ts'));
    expect(config.database.url).toBeUndefined();
    const platform = await createPlatform({ ...config, env: 'test', logger: { ...config.logger, level: 'silent' }, server: { ...config.server, host: '127.0.0.1' } });
    try {
      await platform.listen();
      const address = platform.app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    } finally {
      await platform.close();
    }
  });
});
