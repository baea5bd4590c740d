// Which outside services the integration tests can reach. Under CI (CI=true) every service counts as
// available, so a missing one fails its tests loudly instead of skipping them; on a laptop with only
// Node and npm the tests that need PostgreSQL or Redis are skipped with a notice.
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';

const probes = {
  postgres: () => reachable(process.env.KEEPER_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 5432),
  redis: () => reachable(process.env.KEEPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', 6379),
  'redis-server': async () => {
    try {
      execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  },
};

function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || defaultPort) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const cache = new Map();

/** Resolves true when every named service is there (always true under CI). */
export async function servicesAvailable(...names) {
  if (process.env.CI) return true;
  const missing = [];
  for (const name of names) {
    if (!cache.has(name)) cache.set(name, probes[name]());
    if (!(await cache.get(name))) missing.push(name);
  }
  if (missing.length > 0) {
    console.warn(`\n[keeper] ${missing.join(', ')} not available: skipping the tests that need it (CI=true makes them fail instead)\n`);
    return false;
  }
  return true;
}
