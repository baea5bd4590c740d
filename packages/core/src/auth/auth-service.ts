import { type Actor, BadUserInputError, RateLimitedError, UnauthenticatedError } from '@keeper/sdk';
import type { Queryable } from '@keeper/db';
import type { PrismaClient } from '../generated/prisma/client.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.js';
import type { RateLimiter } from './rate-limiter.js';
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

/** How long a verified session is trusted without asking the database again. */
const SESSION_CACHE_MS = 10_000;

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

/** Agent and shopper sessions: login, token verification (cached briefly), logout, bootstrap admin. */
export class AuthService {
  private readonly cache = new Map<string, CachedSession>();

  constructor(
    private readonly prisma: PrismaClient,
    /** Raw SQL for the session read, which every uncached request does (Prisma's per-query cost is far higher). */
    private readonly db: Queryable,
    private readonly limiter: RateLimiter,
    private readonly settings: AuthSettings,
  ) {}

  async createAgent(input: AgentInput) {
    const email = normaliseEmail(input.email);
    if (!EMAIL.test(email)) throw new BadUserInputError('email is not a valid address', 'email');
    if (input.password.length < 8) throw new BadUserInputError('password must have at least 8 characters', 'password');
    if (input.name.trim().length === 0 || input.name.length > 100) throw new BadUserInputError('name must be 1 to 100 characters', 'name');
    const existing = await this.prisma.agent.findUnique({ where: { email } });
    if (existing) throw new BadUserInputError(`an agent with email ${email} already exists`, 'email');
    return this.prisma.agent.create({
      data: {
        email,
        name: input.name.trim(),
        role: input.role ?? 'agent',
        passwordHash: await hashPassword(input.password),
        maxConcurrent: input.maxConcurrent ?? 5,
      },
    });
  }

  /** Creates the first admin when no agent exists; returns whether it did. Safe to call on every node. */
  async ensureBootstrapAdmin(admin: { email: string; password: string } | undefined): Promise<boolean> {
    if (!admin) return false;
    if ((await this.prisma.agent.count()) > 0) return false;
    try {
      await this.createAgent({ email: admin.email, password: admin.password, name: 'Administrator', role: 'admin' });
      return true;
    } catch (error) {
      // Another node created it first.
      if ((await this.prisma.agent.count()) > 0) return false;
      throw error;
    }
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
    const session = await this.findSession(parsed.sessionId);
    if (!session || !secretMatches(parsed.secret, session.secretHash)) throw new UnauthenticatedError('The token is not valid');
    if (session.revokedAt) throw new UnauthenticatedError('The token was revoked (logged out)');
    if (session.expiresAt.getTime() <= now) throw new UnauthenticatedError('The token has expired; sign in again');
    const actor = await this.actorFor(session);
    this.cache.set(session.id, { actor, secretHash: session.secretHash, recheckAt: now + SESSION_CACHE_MS, expiresAt: session.expiresAt.getTime() });
    if (this.cache.size > 50_000) this.cache.clear();
    return actor;
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

  private async actorFor(session: { id: string; kind: 'agent' | 'customer'; subjectId: string; conversationIds: string[] }): Promise<Actor> {
    if (session.kind === 'customer') {
      return { kind: 'customer', id: session.subjectId, conversationIds: session.conversationIds, sessionId: session.id };
    }
    const agent = await this.prisma.agent.findUnique({ where: { id: session.subjectId } });
    if (!agent?.active) throw new UnauthenticatedError('The account is disabled');
    return { kind: 'agent', id: agent.id, role: agent.role, sessionId: session.id };
  }

  async logout(sessionId: string): Promise<void> {
    await this.prisma.session.update({ where: { id: sessionId }, data: { revokedAt: new Date() } });
    this.cache.delete(sessionId);
  }
}
