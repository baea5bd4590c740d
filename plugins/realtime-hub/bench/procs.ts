import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A child node process driven over IPC, optionally pinned to a CPU core with taskset. */
export class Proc<Cmd, Reply extends { type: string }> {
  readonly child: ChildProcess;
  readonly #inbox: Reply[] = [];
  readonly #waiters: { type: string; resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  readonly exited: Promise<number | null>;

  constructor(script: string, args: string[], core: number | null, nodeArgs: string[] = []) {
    const path = fileURLToPath(new URL(script, import.meta.url));
    const argv = [...nodeArgs, path, ...args];
    const [cmd, cmdArgs] = core !== null ? ['taskset', ['-c', String(core), process.execPath, ...argv]] : [process.execPath, argv];
    this.child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((r) =>
      this.child.once('exit', (code) => {
        for (const w of this.#waiters.splice(0)) w.reject(new Error(`${script} exited (${code}) while waiting for ${w.type}`));
        r(code);
      }),
    );
    this.child.on('message', (reply: Reply) => {
      const i = this.#waiters.findIndex((w) => w.type === reply.type);
      if (i >= 0) this.#waiters.splice(i, 1)[0]!.resolve(reply);
      else this.#inbox.push(reply);
    });
  }

  send(cmd: Cmd): void {
    this.child.send(cmd as object);
  }

  next<T extends Reply['type']>(type: T, timeoutMs = 600_000): Promise<Extract<Reply, { type: T }>> {
    const i = this.#inbox.findIndex((r) => r.type === type);
    if (i >= 0) return Promise.resolve(this.#inbox.splice(i, 1)[0] as Extract<Reply, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timeout waiting for ${type}`)), timeoutMs);
      this.#waiters.push({
        type,
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r as Extract<Reply, { type: T }>);
        },
      });
    });
  }

  async request<T extends Reply['type']>(cmd: Cmd, type: T, timeoutMs?: number): Promise<Extract<Reply, { type: T }>> {
    const reply = this.next(type, timeoutMs);
    this.send(cmd);
    return reply;
  }

  /** SIGKILL, after waiting up to `graceMs` for the process to exit on its own. */
  async kill(graceMs = 0): Promise<void> {
    if (graceMs > 0) await Promise.race([this.exited, new Promise((r) => setTimeout(r, graceMs).unref())]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

export { hasTaskset } from '@keeper/tooling/loopback';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}
