/**
 * Boot-time errors. Each has a stable code so an operator can search logs and docs for it;
 * messages name the plugins, versions and paths involved.
 */
export class BootError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'BootError';
  }
}

export const BootErrors = {
  config: (issues: string[]) =>
    new BootError('KEEPER_CONFIG_INVALID', `Invalid Keeper config:\n${issues.map((i) => `  - ${i}`).join('\n')}`),
  configNotFound: (path: string) =>
    new BootError('KEEPER_CONFIG_NOT_FOUND', `No Keeper config at ${path}. Create keeper.config.ts or pass --config <file>.`),
  configLoad: (path: string, cause: unknown) =>
    new BootError('KEEPER_CONFIG_LOAD', `Could not load ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause }),
  notAPlugin: (index: number) =>
    new BootError(
      'KEEPER_NOT_A_PLUGIN',
      `plugins[${index}] is not a Keeper plugin: call the plugin's factory, e.g. plugins: [helloPlugin({...})], not plugins: [helloPlugin]`,
    ),
  duplicatePlugin: (name: string) =>
    new BootError('KEEPER_PLUGIN_DUPLICATE', `Plugin "${name}" is listed twice in plugins`),
  missingDependency: (plugin: string, dependency: string) =>
    new BootError(
      'KEEPER_PLUGIN_MISSING_DEPENDENCY',
      `Plugin "${plugin}" depends on "${dependency}", which is not in plugins. Add ${dependency} to keeper.config.ts.`,
    ),
  dependencyCycle: (cycle: string[]) =>
    new BootError('KEEPER_PLUGIN_CYCLE', `Plugin dependency cycle: ${cycle.join(' -> ')}`),
  coreMismatch: (plugin: string, pluginVersion: string, range: string, coreVersion: string) =>
    new BootError(
      'KEEPER_PLUGIN_CORE_MISMATCH',
      `Plugin "${plugin}@${pluginVersion}" requires @keeper/core ${range}, but this is @keeper/core ${coreVersion}`,
    ),
  invalidCoreRange: (plugin: string, range: string) =>
    new BootError('KEEPER_PLUGIN_CORE_RANGE', `Plugin "${plugin}" declares an invalid core range "${range}"`),
  schemaClash: (what: string, first: string, second: string) =>
    new BootError('KEEPER_SCHEMA_CLASH', `GraphQL ${what} is defined by both "${first}" and "${second}"`),
  schemaInvalid: (plugin: string | undefined, message: string) =>
    new BootError('KEEPER_SCHEMA_INVALID', plugin ? `GraphQL schema of "${plugin}" is invalid: ${message}` : `GraphQL schema is invalid: ${message}`),
  pluginSetup: (plugin: string, cause: unknown) =>
    new BootError(
      'KEEPER_PLUGIN_SETUP',
      `Plugin "${plugin}" failed to set up: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    ),
} as const;
