import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PluginOptionsError } from './errors.js';
import { definePlugin, isKeeperPlugin } from './plugin.js';

const greeter = definePlugin({
  name: '@acme/greeter',
  version: '1.2.3',
  core: '^0.1.0',
  options: z.strictObject({ greeting: z.string().min(1), limits: z.strictObject({ perMinute: z.number().int().positive() }).optional() }),
  create: (options) => ({ graphql: { schema: `extend type Query { greeting: String }`, resolvers: { Query: { greeting: () => options.greeting } } } }),
});

describe('definePlugin', () => {
  it('builds a plugin carrying its metadata', () => {
    const plugin = greeter({ greeting: 'hi' });
    expect(isKeeperPlugin(plugin)).toBe(true);
    expect(plugin).toMatchObject({ name: '@acme/greeter', version: '1.2.3', core: '^0.1.0', kind: 'keeper-plugin' });
    expect(plugin.graphql?.schema).toContain('greeting');
  });

  it('names the plugin and the option path of a bad option', () => {
    try {
      greeter({ greeting: 'hi', limits: { perMinute: -1 } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PluginOptionsError);
      const e = error as PluginOptionsError;
      expect(e.plugin).toBe('@acme/greeter');
      expect(e.issues[0]?.path).toBe('limits.perMinute');
      expect(e.message).toContain('@acme/greeter');
      expect(e.message).toContain('limits.perMinute');
    }
  });

  it('rejects unknown options instead of ignoring them', () => {
    // @ts-expect-error -- an option the plugin does not declare
    expect(() => greeter({ greeting: 'hi', greting: 'typo' })).toThrow(/greting|Unrecognized/);
  });

  it('treats a missing options object as empty so defaults and required checks apply', () => {
    // @ts-expect-error -- greeting is required
    expect(() => greeter()).toThrow(PluginOptionsError);
  });
});

describe('hook typing', () => {
  it('refuses, at compile time, a hook nobody declared', () => {
    const typo = definePlugin({
      name: 'typo',
      version: '1.0.0',
      core: '*',
      create: () => ({
        // @ts-expect-error -- 'message.beforeCreat' is not a declared interceptor
        interceptors: { 'message.beforeCreat': (draft: unknown) => draft },
        // @ts-expect-error -- 'message.creatd' is not a declared event
        events: { 'message.creatd': () => undefined },
      }),
    });
    expect(typo().name).toBe('typo');
  });
});
