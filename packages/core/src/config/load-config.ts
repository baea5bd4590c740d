import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createJiti } from 'jiti';
import { BootError, BootErrors } from '../errors.js';
import { resolveConfig } from './define-config.js';
import type { ResolvedConfig } from './schema.js';

export const DEFAULT_CONFIG_FILES = ['keeper.config.ts', 'keeper.config.mts', 'keeper.config.js', 'keeper.config.mjs'];

/** Finds the config: an explicit path, or the first default name in `cwd`. */
export function findConfigFile(cwd: string, explicit?: string): string {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw BootErrors.configNotFound(path);
    return path;
  }
  for (const name of DEFAULT_CONFIG_FILES) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  throw BootErrors.configNotFound(resolve(cwd, DEFAULT_CONFIG_FILES[0]!));
}

/**
 * Loads keeper.config.ts with jiti, so integrators write TypeScript with no build step. Plugin
 * option errors thrown while the file evaluates (factories validate eagerly) pass through as is.
 */
export async function loadConfig(path: string): Promise<ResolvedConfig> {
  const jiti = createJiti(import.meta.url, { moduleCache: false, interopDefault: true });
  let exported: unknown;
  try {
    exported = await jiti.import(path, { default: true });
  } catch (error) {
    if (error instanceof BootError || (error as { name?: string }).name === 'PluginOptionsError') throw error;
    throw BootErrors.configLoad(path, error);
  }
  return resolveConfig(typeof exported === 'function' ? await (exported as () => unknown)() : exported);
}
