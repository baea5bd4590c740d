import { type CoreModule, createPlatform, findConfigFile, loadConfig, type Platform } from '@keeper/core';

export interface StartOptions {
  cwd: string;
  configPath?: string;
  coreModules?: CoreModule[];
  /** Apply pending migrations before serving (default: the config's `database.migrate`). */
  migrate?: boolean;
}

/** Boots the platform from keeper.config.ts and drains on SIGTERM/SIGINT. */
export async function start(options: StartOptions): Promise<Platform> {
  const path = findConfigFile(options.cwd, options.configPath);
  const loaded = await loadConfig(path);
  const config = options.migrate === false ? { ...loaded, database: { ...loaded.database, migrate: false } } : loaded;
  const platform = await createPlatform(config, options.coreModules ?? []);
  let url: string;
  try {
    url = await platform.listen();
  } catch (error) {
    // A port in use, say: release what booted (database pool, Redis connections, timers) so the process
    // exits with the error instead of hanging on open handles.
    await platform.close().catch(() => undefined);
    throw error;
  }
  platform.app.log.info({ url, graphql: `${url}/graphql`, plugins: platform.plugins.map((p) => p.name) }, 'Keeper is ready');
  process.stdout.write(`\nKeeper is running: GraphQL at ${url}/graphql${config.env === 'development' ? `, GraphiQL at ${url}/graphiql` : ''}\n\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      platform.app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    platform.app.log.info({ signal, graceMs: config.shutdown.graceMs }, 'draining');
    platform.close().then(
      () => process.exit(0),
      (error: unknown) => {
        platform.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return platform;
}
