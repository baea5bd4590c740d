import { definePlugin } from '@keeper/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveConfig } from './define-config.js';
import { env } from './env.js';

const hello = definePlugin({ name: 'hello', version: '1.0.0', core: '*', create: () => ({}) });

afterEach(() => {
  delete process.env.PORT;
  delete process.env.KEEPER_TEST_VAR;
});

describe('resolveConfig', () => {
  it('fills defaults: port 4000, embedded database, development', () => {
    const config = resolveConfig({ plugins: [hello()] });
    expect(config.server.port).toBe(4000);
    expect(config.database.dataDir).toBe('./.keeper/data');
    expect(config.database.url).toBeUndefined();
    expect(config.plugins).toHaveLength(1);
  });

  it('honours PORT', () => {
    process.env.PORT = '4555';
    expect(resolveConfig({}).server.port).toBe(4555);
  });

  it('lists every problem with its path and refuses unknown keys', () => {
    expect(() => resolveConfig({ server: { port: 'x' }, databse: {}, plugins: [hello] })).toThrow(
      /server\.port[\s\S]*databse|databse[\s\S]*server\.port/,
    );
    expect(() => resolveConfig({ plugins: [hello] })).toThrow(/plugins\.0: not a Keeper plugin/);
  });
});

describe('env', () => {
  it('reads only what the config names and says which variable is missing', () => {
    expect(env('KEEPER_TEST_VAR', 'fallback')).toBe('fallback');
    process.env.KEEPER_TEST_VAR = '12';
    expect(env.int('KEEPER_TEST_VAR')).toBe(12);
    expect(() => env.required('KEEPER_TEST_MISSING')).toThrow('KEEPER_TEST_MISSING is required');
    process.env.KEEPER_TEST_VAR = 'x';
    expect(() => env.int('KEEPER_TEST_VAR')).toThrow('must be an integer');
  });
});
