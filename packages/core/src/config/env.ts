import { BootError } from '../errors.js';

/**
 * Explicit environment references for keeper.config.ts. The kernel never reads an environment
 * variable the config did not name (PORT is the one documented exception), so a config file is
 * the whole truth about a deployment.
 */
function read(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

function missing(name: string): BootError {
  return new BootError('KEEPER_ENV_MISSING', `Environment variable ${name} is required by keeper.config.ts but is not set`);
}

export function env(name: string): string | undefined;
export function env(name: string, fallback: string): string;
export function env(name: string, fallback?: string): string | undefined {
  return read(name) ?? fallback;
}

env.required = (name: string): string => {
  const value = read(name);
  if (value === undefined) throw missing(name);
  return value;
};

env.int = (name: string, fallback?: number): number | undefined => {
  const value = read(name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) {
    throw new BootError('KEEPER_ENV_INVALID', `Environment variable ${name} must be an integer, got "${value}"`);
  }
  return parsed;
};

env.bool = (name: string, fallback?: boolean): boolean | undefined => {
  const value = read(name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new BootError('KEEPER_ENV_INVALID', `Environment variable ${name} must be true or false, got "${value}"`);
};
