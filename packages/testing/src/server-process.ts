import { type ChildProcess, spawn } from 'node:child_process';
import { onSparePort } from './ports.js';

export interface ServerProcess {
  url: string;
  process: ChildProcess;
  /** What the server wrote to stderr so far (for failure messages). */
  stderr(): string;
}

export interface ServerProcessOptions {
  /** The `keeper` bin (or any script that serves Keeper). */
  bin: string;
  args?: string[];
  cwd: string;
  env?: Record<string, string>;
  /** How long to wait for /readyz (default 60 s). */
  readyTimeoutMs?: number;
}

/**
 * Starts a real server in its own process on a random port and waits until /readyz answers: for
 * tests that kill servers (crash safety) or run several (multi-node). The port comes from `onSparePort`
 * (below the ephemeral range, another one when it is taken).
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  return onSparePort((port) => startOnce(options, port));
}

async function startOnce(options: ServerProcessOptions, port: number): Promise<ServerProcess> {
  const child = spawn(process.execPath, [options.bin, ...(options.args ?? ['start'])], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return { url, process: child, stderr: () => stderr };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not become ready: ${stderr}`);
}
