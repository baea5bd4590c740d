import type { KeeperPlugin } from '@keeper/sdk';
import semver from 'semver';
import { BootErrors } from '../errors.js';

export interface PluginGraphNode {
  plugin: KeeperPlugin;
  dependsOn: string[];
  /** Whether this core satisfies the plugin's `core` range. */
  compatible: boolean;
}

/**
 * Orders plugins so each comes after everything it depends on; among independent plugins the
 * config's order is kept, so setup is predictable. Throws on duplicates, missing dependencies,
 * cycles (naming the whole cycle) and core range mismatches (naming both versions).
 */
export function resolvePluginGraph(plugins: readonly KeeperPlugin[], coreVersion: string): KeeperPlugin[] {
  const byName = indexPlugins(plugins);
  for (const plugin of plugins) {
    for (const dependency of plugin.dependsOn ?? []) {
      if (!byName.has(dependency)) throw BootErrors.missingDependency(plugin.name, dependency);
    }
  }
  const ordered = topologicalOrder(plugins, byName);
  for (const plugin of ordered) assertCoreCompatible(plugin, coreVersion);
  return ordered;
}

export function isCoreCompatible(plugin: KeeperPlugin, coreVersion: string): boolean {
  if (!semver.validRange(plugin.core)) return false;
  return semver.satisfies(coreVersion, plugin.core, { includePrerelease: true });
}

function assertCoreCompatible(plugin: KeeperPlugin, coreVersion: string): void {
  if (!semver.validRange(plugin.core)) throw BootErrors.invalidCoreRange(plugin.name, plugin.core);
  if (!isCoreCompatible(plugin, coreVersion)) {
    throw BootErrors.coreMismatch(plugin.name, plugin.version, plugin.core, coreVersion);
  }
}

function indexPlugins(plugins: readonly KeeperPlugin[]): Map<string, KeeperPlugin> {
  const byName = new Map<string, KeeperPlugin>();
  for (const plugin of plugins) {
    if (byName.has(plugin.name)) throw BootErrors.duplicatePlugin(plugin.name);
    byName.set(plugin.name, plugin);
  }
  return byName;
}

function topologicalOrder(plugins: readonly KeeperPlugin[], byName: Map<string, KeeperPlugin>): KeeperPlugin[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: KeeperPlugin[] = [];
  const stack: string[] = [];

  const visit = (plugin: KeeperPlugin): void => {
    const seen = state.get(plugin.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const start = stack.indexOf(plugin.name);
      throw BootErrors.dependencyCycle([...stack.slice(start), plugin.name]);
    }
    state.set(plugin.name, 'visiting');
    stack.push(plugin.name);
    for (const dependency of plugin.dependsOn ?? []) visit(byName.get(dependency)!);
    stack.pop();
    state.set(plugin.name, 'done');
    ordered.push(plugin);
  };

  for (const plugin of plugins) visit(plugin);
  return ordered;
}

/** The graph as `keeper doctor` prints it, without throwing. */
export function describePluginGraph(plugins: readonly KeeperPlugin[], coreVersion: string): PluginGraphNode[] {
  return plugins.map((plugin) => ({
    plugin,
    dependsOn: [...(plugin.dependsOn ?? [])],
    compatible: isCoreCompatible(plugin, coreVersion),
  }));
}
