import { definePlugin, type KeeperPlugin } from '@keeper/sdk';
import { describe, expect, it } from 'vitest';
import { BootError } from '../errors.js';
import { describePluginGraph, resolvePluginGraph } from './plugin-graph.js';

function plugin(name: string, dependsOn: string[] = [], core = '^0.1.0'): KeeperPlugin {
  return definePlugin({ name, version: '1.0.0', core, create: () => ({ dependsOn }) })();
}

function bootError(fn: () => unknown): BootError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BootError);
    return error as BootError;
  }
  throw new Error('expected a BootError');
}

describe('resolvePluginGraph', () => {
  it('sets up dependencies first and otherwise keeps config order', () => {
    const ordered = resolvePluginGraph([plugin('a', ['c']), plugin('b'), plugin('c', ['b']), plugin('d')], '0.1.0');
    expect(ordered.map((p) => p.name)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('names both plugins when a dependency is missing', () => {
    const error = bootError(() => resolvePluginGraph([plugin('analytics', ['realtime-hub'])], '0.1.0'));
    expect(error.code).toBe('KEEPER_PLUGIN_MISSING_DEPENDENCY');
    expect(error.message).toContain('"analytics"');
    expect(error.message).toContain('"realtime-hub"');
  });

  it('names the whole cycle', () => {
    const error = bootError(() => resolvePluginGraph([plugin('a', ['b']), plugin('b', ['c']), plugin('c', ['a'])], '0.1.0'));
    expect(error.code).toBe('KEEPER_PLUGIN_CYCLE');
    expect(error.message).toContain('a -> b -> c -> a');
  });

  it('refuses a plugin whose core range does not include this core, naming both versions', () => {
    const error = bootError(() => resolvePluginGraph([plugin('old-plugin', [], '^2.0.0')], '0.1.0'));
    expect(error.code).toBe('KEEPER_PLUGIN_CORE_MISMATCH');
    expect(error.message).toContain('"old-plugin@1.0.0" requires @keeper/core ^2.0.0');
    expect(error.message).toContain('@keeper/core 0.1.0');
  });

  it('refuses duplicates and invalid ranges', () => {
    expect(bootError(() => resolvePluginGraph([plugin('a'), plugin('a')], '0.1.0')).code).toBe('KEEPER_PLUGIN_DUPLICATE');
    expect(bootError(() => resolvePluginGraph([plugin('a', [], 'not a range')], '0.1.0')).code).toBe('KEEPER_PLUGIN_CORE_RANGE');
  });

  it('describes the graph without throwing, for keeper doctor', () => {
    const nodes = describePluginGraph([plugin('a', ['b'], '^9.0.0'), plugin('b')], '0.1.0');
    expect(nodes.map((n) => [n.plugin.name, n.compatible, n.dependsOn])).toEqual([
      ['a', false, ['b']],
      ['b', true, []],
    ]);
  });
});
