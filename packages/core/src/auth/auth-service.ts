import type { Queryable } from '@keeper/db';
import {
  type Actor,
  type AgentActor,
  BadUserInputError,
  type CustomerActor,
  ForbiddenError,
  type HookBus,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
} from '@keeper/sdk';
import type { Agent, Prisma, PrismaClient } from '../generated/prisma/client.js';
import { isUuid } from '../ids.js';
import { requireAgent } from './access.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RevocationChannel, SessionRevocation } from './revocations.js';
import { newToken, parseToken, secretMatches } from './tokens.js';

export interface AuthSettings {
  agentSessionTtlSeconds: number;
  customerSessionTtlSeconds: number;
  loginAttempts: number;
  loginWindowSeconds: number;
}

interface CachedSession {
  actor: Actor;
  secretHash: string;
  /** When to look at the database again (revocation on another node shows within this). */
  recheckAt: number;
  expiresAt: number;
}

interface SessionRow {
  id: string;
  kind: 'agent' | 'customer';
  subjectId: string;
  secretHash: string;
  conversationIds: string[];
  expiresAt: Date;
  revokedAt: Date | null;
}

/**
 * How long a verified session is trusted without asking the database again. Revocations drop entries on every
 * node at once (RevocationChannel); this bounds how long a missed notice (Redis down) can matter.
 */
const SESSION_CACHE_MS = 10_000;
/** Database reads of one authentication repeated because a revocation arrived meanwhile, at most. */
const MAX_REREADS = 3;

export interface AgentInput {
  email: string;
  name: string;
  password: string;
  role?: 'admin' | 'supervisor' | 'agent';
  maxConcurrent?: number;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An agent's fields as stored, checked (`where` prefixes the field names in the messages: which input was wrong). */
function validAgent(input: AgentInput, where = '') {
  const email = normaliseEmail(input.email);
  if (!EMAIL.test(email)) throw new BadUserInputError(`${where}email is not a valid address`, 'email');
  if (input.password.length < 8) throw new BadUserInputError(`${where}password must have at least 8 characters`, 'password');
  if (input.name.trim().length === 0 || input.name.length > 100) throw new BadUserInputError(`${where}name must be 1 to 100 characters`, 'name');
  return { email, name: input.name.trim(), role: input.role ?? 'agent', maxConcurrent: input.maxConcurrent ?? 5 };
}

/**
 * Agent and shopper sessions: login, token verification (cached briefly), revocation (logout, an agent's sessions,
 * deactivation), bootstrap admin.
 */
export class AuthService {
  private readonly cache = new Map<string, CachedSession>();
  /** Bumped by every revocation this node hears of: a database read that overlapped one is not trusted. */
  private generation = 0;

  constructor(
    private readonly prisma: PrismaClient,
    /** Raw SQL for the session read, which every uncached request does (Prisma's per-query cost is far higher). */
    private readonly db: Queryable,
    private readonly limiter: RateLimiter,
    private readonly settings: AuthSettings,
    /** Absent for one-off tools (`keeper admin create`), which revoke nothing. */
    private readonly revocations?: RevocationChannel,
    private readonly hooks?: HookBus,
  ) {
    revocations?.onRevoked((revocation) => this.forget(revocation));
    revocations?.onGap(() => {
      this.generation++;
      this.cache.clear();
    });
  }

  async createAgent(input: AgentInput) {
    const agent = validAgent(input);
    const existing = await this.prisma.agent.findUnique({ where: { email: agent.email } });
    if (existing) throw new BadUserInputError(`an agent with email ${agent.email} already exists`, 'email');
    return this.prisma.agent.create({ data: { ...agent, passwordHash: await hashPassword(input.password) } });
  }

  /**
   * Creates the first admin when no agent exists; returns whether it did. Safe to call on every node: workers
   * booting together race to the same insert, which skips a duplicate (ON CONFLICT DO NOTHING) instead of
   * failing on the unique email, so the database logs no error for the losers.
   */
  async ensureBootstrapAdmin(admin: { email: string; password: string } | undefined): Promise<boolean> {
    if (!admin) return false;
    if ((await this.prisma.agent.count()) > 0) return false;
    const agent = validAgent({ ...admin, name: 'Administrator', role: 'admin' }, 'auth.bootstrapAdmin.');
    const { count } = await this.prisma.agent.createMany({
      data: [{ ...agent, passwordHash: await hashPassword(admin.password) }],
      skipDuplicates: true,
    });
    return count > 0;
  }

  /** Rate-limited per account and per address; the same error for unknown email and wrong password. */
  async login(emailInput: string, password: string, address: string) {
    const email = normaliseEmail(emailInput);
    const { loginAttempts, loginWindowSeconds } = this.settings;
    const [byAccount, byAddress] = await Promise.all([
      this.limiter.hit(`login:account:${email}`, loginWindowSeconds),
      this.limiter.hit(`login:address:${address}`, loginWindowSeconds),
    ]);
    if (byAccount.count > loginAttempts || byAddress.count > loginAttempts * 5) {
      const retry = Math.max(byAccount.resetInSeconds, byAddress.resetInSeconds);
      throw new RateLimitedError(`Too many login attempts; try again in ${retry} s`, retry);
    }
    const agent = await this.prisma.agent.findUnique({ where: { email } });
    const ok = await verifyPassword(password, agent?.passwordHash ?? (await dummyPasswordHash()));
    if (!agent || !ok || !agent.active) throw new UnauthenticatedError('Wrong email or password, or the account is disabled');
    await this.limiter.reset(`login:account:${email}`);
    const session = await this.createSession('agent', agent.id, [], this.settings.agentSessionTtlSeconds);
    return { ...session, agent };
  }

  async createSession(kind: 'agent' | 'customer', subjectId: string, conversationIds: string[], ttlSeconds: number) {
    const { sessionId, token, secretHash } = newToken();
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await this.prisma.session.create({ data: { id: sessionId, kind, subjectId, secretHash, conversationIds, expiresAt } });
    return { token, expiresAt, sessionId };
  }

  /** Adds a conversation to a shopper session (a returning shopper opening another conversation). */
  async grantConversation(sessionId: string, conversationId: string): Promise<void> {
    await this.prisma.session.update({ where: { id: sessionId }, data: { conversationIds: { push: conversationId } } });
    this.cache.delete(sessionId);
  }

  /** Resolves the actor of an Authorization header; throws UNAUTHENTICATED for a bad, expired or revoked token. */
  async authenticate(header: string | undefined): Promise<Actor> {
    if (!header) return { kind: 'anonymous' };
    const parsed = parseToken(header);
    if (!parsed) throw new UnauthenticatedError('The token is malformed');
    const now = Date.now();
    const cached = this.cache.get(parsed.sessionId);
    if (cached && cached.recheckAt > now && cached.expiresAt > now) {
      if (!secretMatches(parsed.secret, cached.secretHash)) throw new UnauthenticatedError('The token is not valid');
      return cached.actor;
    }
    for (let reads = 1; ; reads++) {
      const generation = this.generation;
      const { actor, session } = await this.load(parsed, Date.now());
      if (this.generation === generation) {
        this.cache.set(session.id, { actor, secretHash: session.secretHash, recheckAt: now + SESSION_CACHE_MS, expiresAt: session.expiresAt.getTime() });
        if (this.cache.size > 50_000) this.cache.clear();
        return actor;
      }
      // A revocation arrived while reading: the row read may predate it, so read again (it is committed by now).
      if (reads >= MAX_REREADS) return actor;
    }
  }

  private async load(parsed: { sessionId: string; secret: string }, now: number) {
    const session = await this.findSession(parsed.sessionId);
    if (!session || !secretMatches(parsed.secret, session.secretHash)) throw new UnauthenticatedError('The token is not valid');
    if (session.revokedAt) throw new UnauthenticatedError('The token was revoked (logged out or signed out by an admin)');
    if (session.expiresAt.getTime() <= now) throw new UnauthenticatedError('The token has expired; sign in again');
    return { actor: await this.actorFor(session), session };
  }

  private async findSession(id: string): Promise<SessionRow | undefined> {
    const rows = await this.db.query<{
      id: string;
      kind: 'agent' | 'customer';
      subject_id: string;
      secret_hash: string;
      conversation_ids: string[];
      expires_at: Date | string;
      revoked_at: Date | string | null;
    }>('SELECT id, kind, subject_id, secret_hash, conversation_ids, expires_at, revoked_at FROM keeper_core.sessions WHERE id = $1::uuid', [id]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      kind: row.kind,
      subjectId: row.subject_id,
      secretHash: row.secret_hash,
      conversationIds: row.conversation_ids,
      expiresAt: new Date(row.expires_at),
      revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
    };
  }

  private async actorFor(session: { id: string; kind: 'agent' | 'customer'; subjectId: string; conversationIds: string[]; expiresAt: Date }): Promise<Actor> {
    const sessionExpiresAt = session.expiresAt.getTime();
    if (session.kind === 'customer') {
      return { kind: 'customer', id: session.subjectId, conversationIds: session.conversationIds, sessionId: session.id, sessionExpiresAt };
    }
    const agent = await this.prisma.agent.findUnique({ where: { id: session.subjectId } });
    if (!agent?.active) throw new UnauthenticatedError('The account is disabled');
    return { kind: 'agent', id: agent.id, role: agent.role, sessionId: session.id, sessionExpiresAt };
  }

  /** Of these session ids, those revoked, expired or gone (one query; at most 1000 ids). */
  async invalidSessions(sessionIds: readonly string[]): Promise<Set<string>> {
    if (sessionIds.length > 1000) throw new Error(`invalidSessions: at most 1000 ids per call, got ${sessionIds.length}`);
    const ids = sessionIds.filter(isUuid);
    const valid =
      ids.length === 0
        ? []
        : await this.db.query<{ id: string }>(
            'SELECT id FROM keeper_core.sessions WHERE id = ANY($1::uuid[]) AND revoked_at IS NULL AND expires_at > now()',
            [ids],
          );
    const live = new Set(valid.map((row) => row.id));
    return new Set(sessionIds.filter((id) => !live.has(id)));
  }

  /** Revokes the caller's own token. */
  async logout(actor: AgentActor | CustomerActor): Promise<void> {
    const revoked = await this.revokeWhere({ id: actor.sessionId });
    // Already revoked when this node missed the notice (it still trusted its cache): every node forgets it anyway.
    const revocation: SessionRevocation = { sessionIds: [actor.sessionId], principal: { kind: actor.kind, id: actor.id }, reason: 'logout', allSessions: false };
    await this.announce(revocation, actor, revoked);
  }

  /** Signs an agent out everywhere: admins for anyone, an agent for themselves. Returns how many sessions ended. */
  async revokeAgentSessions(by: Actor, agentIdInput: unknown): Promise<number> {
    const caller = requireAgent(by);
    const agent = await this.findAgent(agentIdInput);
    if (caller.role !== 'admin' && caller.id !== agent.id) throw new ForbiddenError("Only admins can end another agent's sessions");
    const sessionIds = await this.revokeWhere({ kind: 'agent', subjectId: agent.id });
    await this.announce({ sessionIds, principal: { kind: 'agent', id: agent.id }, reason: 'revoked', allSessions: false }, caller);
    return sessionIds.length;
  }

  /** Admins: a deactivated agent cannot sign in and every session of theirs ends at once; reactivating allows logins again. */
  async setAgentActive(by: Actor, agentIdInput: unknown, active: boolean): Promise<Agent> {
    const caller = requireAgent(by, ['admin']);
    const target = await this.findAgent(agentIdInput);
    if (!active && target.id === caller.id) throw new BadUserInputError('You cannot deactivate your own account', 'agentId');
    if (target.active === active) return target;
    const { agent, sessionIds } = await this.prisma.$transaction(async (tx) => {
      const agent = await tx.agent.update({ where: { id: target.id }, data: { active } });
      const sessionIds = active ? [] : await this.revokeWhere({ kind: 'agent', subjectId: target.id }, tx);
      return { agent, sessionIds };
    });
    if (!active) await this.announce({ sessionIds, principal: { kind: 'agent', id: agent.id }, reason: 'agent_deactivated', allSessions: true }, caller);
    return agent;
  }

  private async findAgent(idInput: unknown): Promise<Agent> {
    if (!isUuid(idInput)) throw new NotFoundError('Agent', String(idInput));
    const agent = await this.prisma.agent.findUnique({ where: { id: idInput.toLowerCase() } });
    if (!agent) throw new NotFoundError('Agent', idInput);
    return agent;
  }

  /** Marks the matching live sessions revoked; returns their ids. */
  private async revokeWhere(where: Prisma.SessionWhereInput, tx: Prisma.TransactionClient = this.prisma): Promise<string[]> {
    const now = new Date();
    const rows = await tx.session.updateManyAndReturn({
      where: { ...where, revokedAt: null, expiresAt: { gt: now } },
      data: { revokedAt: now },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  /** After the commit: every node forgets the sessions and closes their sockets, then the events (once, here) for those this call revoked. */
  private async announce(revocation: SessionRevocation, by: Actor, revoked: readonly string[] = revocation.sessionIds): Promise<void> {
    // The channel runs this node's listeners (this.forget among them) before publishing to the others.
    if (this.revocations) await this.revocations.revoked(revocation);
    else this.forget(revocation);
    const { principal, reason } = revocation;
    for (const sessionId of revoked) this.hooks?.emit('auth.sessionRevoked', { sessionId, principal, reason, by });
  }

  private forget(revocation: SessionRevocation): void {
    this.generation++;
    for (const id of revocation.sessionIds) this.cache.delete(id);
    if (!revocation.allSessions) return;
    const { kind, id } = revocation.principal;
    for (const [sessionId, { actor }] of this.cache) {
      if ((actor.kind === 'agent' || actor.kind === 'customer') && actor.kind === kind && actor.id === id) this.cache.delete(sessionId);
    }
  }
}
