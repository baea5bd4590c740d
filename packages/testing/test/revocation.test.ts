import { createThrowawayDatabase, testServerUrl, type ThrowawayDatabase } from '@keeper/db/testing';
import { definePlugin, type SessionRevokedEvent } from '@keeper/sdk';
import { servicesAvailable } from '@keeper/tooling/services';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, createTestPlatform, type TestPlatform } from '../src/index.js';
import { echoPlugin } from './fixtures.js';

const ADMIN = { email: 'root@shop.test', password: 'admin password 1' };
const REDIS_URL = process.env.KEEPER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const LOGIN = 'mutation($e: String!, $p: String!) { agentLogin(email: $e, password: $p) { token agent { id } } }';
const PROTECTED = '{ conversations(first: 1) { edges { node { id } } } }';

function recorder(into: SessionRevokedEvent[]) {
  return definePlugin({
    name: 'test-revocation-recorder',
    version: '1.0.0',
    core: '*',
    create: () => ({ events: { 'auth.sessionRevoked': (event) => void into.push(event) } }),
  })();
}

const sessionOf = (token: string) => token.slice('kp_'.length, token.indexOf('.'));

async function login(platform: TestPlatform, email: string, password: string) {
  const r = await platform.gql<{ agentLogin: { token: string; agent: { id: string } } }>(LOGIN, { e: email, p: password });
  if (!r.data) throw new Error(`login failed: ${JSON.stringify(r.errors)}`);
  return { token: r.data.agentLogin.token, id: r.data.agentLogin.agent.id };
}

async function createAgent(platform: TestPlatform, admin: string, email: string) {
  const r = await platform.gql('mutation($i: CreateAgentInput!) { createAgent(input: $i) { id } }', { i: { email, name: 'Agent', password: 'agent password' } }, { token: admin });
  expect(r.errors).toBeUndefined();
}

const refusal = async (platform: TestPlatform, token: string) => (await platform.gql(PROTECTED, {}, { token })).errors?.[0]?.extensions?.code ?? 'OK';

/** A live graphql-ws connection (through Mercurius when no realtime plugin is installed); records close codes. */
async function openSocket(platform: TestPlatform, token: string) {
  const closes: number[] = [];
  const sub = collect<{ posted: string }>(platform.ws({ token, onClosed: (e) => closes.push(e.code) }), { query: 'subscription { posted }' });
  // Connected and authenticated once an event arrives.
  await expect
    .poll(async () => {
      await platform.gql('mutation { post(body: "ping") }');
      return sub.values.length;
    })
    .toBeGreaterThan(0);
  return { closes, sub };
}

describe('session revocation on one node (Mercurius subscriptions, no realtime plugin)', () => {
  let platform: TestPlatform;
  let admin: { token: string; id: string };
  const events: SessionRevokedEvent[] = [];

  beforeAll(async () => {
    platform = await createTestPlatform({ plugins: [echoPlugin(), recorder(events)], config: { auth: { bootstrapAdmin: ADMIN } } });
    admin = await login(platform, ADMIN.email, ADMIN.password);
  });

  afterAll(async () => {
    await platform?.close();
  });

  it('logout closes the socket of that session with 4401, refuses the token, and leaves the other sessions alone', async () => {
    await createAgent(platform, admin.token, 'lena@shop.test');
    const first = await login(platform, 'lena@shop.test', 'agent password');
    const second = await login(platform, 'lena@shop.test', 'agent password');
    const socket = await openSocket(platform, first.token);
    const other = await openSocket(platform, second.token);

    expect((await platform.gql('mutation { logout }', {}, { token: first.token })).data).toEqual({ logout: true });
    await expect.poll(() => socket.closes, { timeout: 2000 }).toEqual([4401]);
    expect(await refusal(platform, first.token)).toBe('UNAUTHENTICATED');
    expect(await refusal(platform, second.token)).toBe('OK');
    expect(other.closes).toEqual([]);
    await platform.platform.hooks.drain();
    expect(events.filter((e) => e.principal.id === first.id)).toEqual([
      { sessionId: sessionOf(first.token), principal: { kind: 'agent', id: first.id }, reason: 'logout', by: expect.objectContaining({ kind: 'agent', id: first.id }) },
    ]);
  });

  it('revokeAgentSessions signs an agent out everywhere: admins for anyone, agents only for themselves', async () => {
    await createAgent(platform, admin.token, 'mo@shop.test');
    await createAgent(platform, admin.token, 'ned@shop.test');
    const mo = [await login(platform, 'mo@shop.test', 'agent password'), await login(platform, 'mo@shop.test', 'agent password')];
    const ned = await login(platform, 'ned@shop.test', 'agent password');
    const sockets = await Promise.all(mo.map((s) => openSocket(platform, s.token)));

    const denied = await platform.gql('mutation($a: ID!) { revokeAgentSessions(agentId: $a) }', { a: mo[0]!.id }, { token: ned.token });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknown = await platform.gql('mutation { revokeAgentSessions(agentId: "00000000-0000-4000-8000-000000000000") }', {}, { token: admin.token });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const revoked = await platform.gql('mutation($a: ID!) { revokeAgentSessions(agentId: $a) }', { a: mo[0]!.id }, { token: admin.token });
    expect(revoked.data).toEqual({ revokeAgentSessions: 2 });
    for (const s of sockets) await expect.poll(() => s.closes, { timeout: 2000 }).toEqual([4401]);
    for (const s of mo) expect(await refusal(platform, s.token)).toBe('UNAUTHENTICATED');
    expect(await refusal(platform, ned.token)).toBe('OK');
    // The agent may sign in again, and sign themselves out everywhere.
    const again = await login(platform, 'mo@shop.test', 'agent password');
    expect((await platform.gql('mutation($a: ID!) { revokeAgentSessions(agentId: $a) }', { a: again.id }, { token: again.token })).data).toEqual({ revokeAgentSessions: 1 });

    await platform.platform.hooks.drain();
    const mine = events.filter((e) => e.principal.id === mo[0]!.id);
    expect(mine.map((e) => [e.sessionId, e.reason, e.by.kind === 'agent' && e.by.id]).sort()).toEqual(
      [
        [sessionOf(mo[0]!.token), 'revoked', admin.id],
        [sessionOf(mo[1]!.token), 'revoked', admin.id],
        [sessionOf(again.token), 'revoked', again.id],
      ].sort(),
    );
  });

  it('deactivating an agent closes their sockets, refuses their tokens and logins; reactivating allows logins', async () => {
    await createAgent(platform, admin.token, 'olga@shop.test');
    const olga = await login(platform, 'olga@shop.test', 'agent password');
    const socket = await openSocket(platform, olga.token);
    const SET = 'mutation($a: ID!, $on: Boolean!) { setAgentActive(agentId: $a, active: $on) { id active } }';

    expect((await platform.gql(SET, { a: admin.id, on: false }, { token: olga.token })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await platform.gql(SET, { a: admin.id, on: false }, { token: admin.token })).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'agentId' });

    expect((await platform.gql(SET, { a: olga.id, on: false }, { token: admin.token })).data).toEqual({ setAgentActive: { id: olga.id, active: false } });
    await expect.poll(() => socket.closes, { timeout: 2000 }).toEqual([4401]);
    expect(await refusal(platform, olga.token)).toBe('UNAUTHENTICATED');
    expect((await platform.gql(LOGIN, { e: 'olga@shop.test', p: 'agent password' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await platform.platform.hooks.drain();
    expect(events.filter((e) => e.principal.id === olga.id).map((e) => [e.sessionId, e.reason])).toEqual([[sessionOf(olga.token), 'agent_deactivated']]);

    expect((await platform.gql(SET, { a: olga.id, on: true }, { token: admin.token })).data).toEqual({ setAgentActive: { id: olga.id, active: true } });
    const back = await login(platform, 'olga@shop.test', 'agent password');
    expect(await refusal(platform, back.token)).toBe('OK');
    // The old token stays revoked.
    expect(await refusal(platform, olga.token)).toBe('UNAUTHENTICATED');
  });
});

const haveServices = await servicesAvailable('postgres', 'redis');

describe.skipIf(!haveServices)('session revocation across two nodes (PostgreSQL + Redis)', () => {
  let db: ThrowawayDatabase;
  let a: TestPlatform;
  let b: TestPlatform;
  let admin: string;

  beforeAll(async () => {
    db = await createThrowawayDatabase(testServerUrl());
    const config = { database: { url: db.url }, redis: { url: REDIS_URL }, auth: { bootstrapAdmin: ADMIN } };
    // One after the other: the first migrates and creates the admin.
    a = await createTestPlatform({ plugins: [echoPlugin()], config });
    b = await createTestPlatform({ plugins: [echoPlugin()], config });
    admin = (await login(a, ADMIN.email, ADMIN.password)).token;
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('a logout on one node is refused at once on the other, whose cache had the session, and closes its socket there', async () => {
    await createAgent(a, admin, 'pia@shop.test');
    const pia = await login(a, 'pia@shop.test', 'agent password');
    expect(await refusal(b, pia.token)).toBe('OK'); // node B now caches the session for 10 s
    const socket = await openSocket(b, pia.token);

    expect((await a.gql('mutation { logout }', {}, { token: pia.token })).data).toEqual({ logout: true });
    // logout answers after the notice is published; B's subscriber gets it within moments.
    await expect.poll(() => refusal(b, pia.token), { timeout: 1000, interval: 20 }).toBe('UNAUTHENTICATED');
    await expect.poll(() => socket.closes, { timeout: 2000 }).toEqual([4401]);
  });

  it('deactivating an agent on one node refuses their other sessions at once on the other', async () => {
    await createAgent(a, admin, 'quin@shop.test');
    const quin = await login(b, 'quin@shop.test', 'agent password');
    expect(await refusal(b, quin.token)).toBe('OK');
    const r = await a.gql('mutation($a: ID!) { setAgentActive(agentId: $a, active: false) { active } }', { a: quin.id }, { token: admin });
    expect(r.data).toEqual({ setAgentActive: { active: false } });
    await expect.poll(() => refusal(b, quin.token), { timeout: 1000, interval: 20 }).toBe('UNAUTHENTICATED');
  });
});
