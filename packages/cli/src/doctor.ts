import { CORE_VERSION, describePluginGraph, findConfigFile, loadConfig, resolvePluginGraph } from '@keeper/core';

/**
 * Prints the resolved plugin graph with versions and core ranges and every problem found.
 * Returns the exit code: 0 when the config would boot, 1 otherwise.
 */
export async function doctor(cwd: string, configPath: string | undefined, out: (line: string) => void): Promise<number> {
  let path: string;
  try {
    path = findConfigFile(cwd, configPath);
    out(`config: ${path}`);
    const config = await loadConfig(path);
    out(`@keeper/core ${CORE_VERSION}`);
    out(`env: ${config.env}   port: ${config.server.port}   database: ${config.database.url ? 'postgresql' : `pglite (${config.database.dataDir})`}   redis: ${config.redis ? 'configured' : 'none (in-process)'}`);
    const nodes = describePluginGraph(config.plugins, CORE_VERSION);
    out(`plugins (${nodes.length}):`);
    for (const node of nodes) {
      const mark = node.compatible ? 'ok' : 'CORE MISMATCH';
      const deps = node.dependsOn.length ? `  depends on: ${node.dependsOn.join(', ')}` : '';
      out(`  ${node.plugin.name}@${node.plugin.version}  core ${node.plugin.core}  [${mark}]${deps}`);
    }
    const ordered = resolvePluginGraph(config.plugins, CORE_VERSION);
    out(`setup order: ${ordered.map((p) => p.name).join(' -> ') || '(no plugins)'}`);
    out('ok: this config boots');
    return 0;
  } catch (error) {
    out(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
