import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '@keeper/db';
import { createThrowawayDatabase, testServerUrl } from '@keeper/db/testing';
import { postGraphQL, startServerProcess } from '@keeper/testing';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { servicesAvailable } from '@keeper/tooling/services';

const bin = resolve(import.meta.dirname, '../bin/keeper.js');
const fixtures = resolve(import.meta.dirname, 'fixtures');
let child: ChildProcess | undefined;
const havePostgres = await servicesAvailable('postgres');

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

async function startServer(env: Record<string, string>): Promise<string> {
  const server = await startServerProcess({ bin, args: ['start', '--config', 'crash.config.ts'], cwd: fixtures, env });
  child = server.process;
  return server.url;
}

/** One operation; throws on GraphQL errors, like a client whose send failed. */
async function gql<T>(url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const result = await postGraphQL<T>(`${url}/graphql`, query, variables, token ? { token } : {});
  if (!result.data) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

/** Sends continuously from 20 concurrent senders, SIGKILLs the server mid-burst, returns the acknowledged ids. */
async function burstAndKill(url: string): Promise<{ conversationId: string; acked: string[] }> {
  const start = await gql<{ startConversation: { token: string; conversation: { id: string } } }>(
    url,
    'mutation { startConversation(input: { name: "crash" }) { token conversation { id } } }',
    {},
  );
  const { token, conversation } = start.startConversation;
  const acked: string[] = [];
  let killed = false;
  const sender = async (n: number) => {
    for (let i = 0; !killed; i++) {
      try {
        const r = await gql<{ sendMessage: { id: string } }>(
          url,
          'mutation($id: ID!, $b: String!) { sendMessage(conversationId: $id, body: $b) { id seq } }',
          { id: conversation.id, b: `sender ${n} message ${i}` },
          token,
        );
        acked.push(r.sendMessage.id);
        if (acked.length >= 300 && !killed) {
          killed = true;
          child!.kill('SIGKILL');
        }
      } catch {
        return; // the server is gone: this send was never acknowledged
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, (_, n) => sender(n)));
  return { conversationId: conversation.id, acked };
}

describe('crash safety (SIGKILL mid-burst)', () => {
  it.skipIf(!havePostgres)('keeps every acknowledged message on PostgreSQL', async () => {
    const throwaway = await createThrowawayDatabase(testServerUrl());
    try {
      const url = await startServer({ DATABASE_URL: throwaway.url });
      const { conversationId, acked } = await burstAndKill(url);
      expect(acked.length).toBeGreaterThanOrEqual(300);
      const client = new pg.Client({ connectionString: throwaway.url });
      await client.connect();
      const rows = await client.query<{ id: string; seq: number }>('SELECT id, seq FROM keeper_core.messages WHERE conversation_id = $1 ORDER BY seq', [conversationId]);
      await client.end();
      const stored = new Set(rows.rows.map((r) => r.id));
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      expect(rows.rows.map((r) => r.seq)).toEqual(rows.rows.map((_, i) => i + 1));
    } finally {
      await throwaway.drop();
    }
  }, 60_000);

  it('keeps every acknowledged message on embedded PGlite', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keeper-crash-'));
    try {
      const url = await startServer({ KEEPER_DATA_DIR: dataDir });
      const { conversationId, acked } = await burstAndKill(url);
      expect(acked.length).toBeGreaterThanOrEqual(300);
      const db = await openDatabase({ dataDir });
      const rows = await db.query<{ id: string; seq: number }>('SELECT id, seq FROM keeper_core.messages WHERE conversation_id = $1 ORDER BY seq', [conversationId]);
      await db.close();
      const stored = new Set(rows.map((r) => r.id));
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
