import { createGroupCommitter, type GroupCommitter } from '@keeper/db';
import type { Actor, ConversationRecord, MessageDraft, MessageRecord } from '@keeper/sdk';
import { canAccessConversation } from '../auth/access.js';
import { AuthService } from '../auth/auth-service.js';
import { MemoryRateLimiter, type RateLimiter, RedisRateLimiter } from '../auth/rate-limiter.js';
import { PrismaClient } from '../generated/prisma/client.js';
import { isUuid } from '../ids.js';
import type { CoreModule } from '../kernel/platform.js';
import type { DatabaseModule } from '../modules/database-module.js';
import type { RedisModule } from '../modules/redis-module.js';
import { ConversationService } from './conversation-service.js';
import { MessageService } from './message-service.js';
import { type WriteOutcome, writeMessages } from './message-writer.js';
import { toCustomerRecord } from './records.js';
import { type DomainServices, domainLoaders, domainResolvers } from './resolvers.js';
import { DOMAIN_SDL } from './schema.js';
import { ShopperService } from './shopper-service.js';

/** What other plugins may use of the conversation domain (`ctx.services.get('conversations')`). */
export interface ConversationsApi {
  /** The conversation (as GraphQL's Conversation resolves it), when it exists and the actor may see it. */
  find(actor: Actor, conversationId: string): Promise<(ConversationRecord & { lastSeq: number; lastActivityAt: Date }) | null>;
  /** Stored messages after `afterSeq`, ascending (replay for subscriptions). Checks access. */
  messagesAfter(actor: Actor, conversationId: string, afterSeq: number, limit: number): Promise<MessageRecord[]>;
  canAccess(actor: Actor, conversation: { id: string; assigneeId: string | null }): boolean;
  /** Posts a system or bot message through the normal path (interceptors, seq, events). */
  post(conversationId: string, authorType: 'system' | 'bot', body: string, actor: Actor): Promise<MessageRecord>;
}

/** Agents as other plugins see them (`ctx.services.get('agents')`). */
export interface AgentsApi {
  activeIds(): Promise<string[]>;
}

/** Sessions (tokens) as transports see them (`ctx.services.get('sessions')`). */
export interface SessionsApi {
  /**
   * Of these session ids, the ones no longer valid: revoked (logout, an admin, a deactivated agent), expired or
   * gone. One query per call (callers chunk; at most 1000 ids). For transports that recheck open connections,
   * so a revocation whose notice never reached this node still ends its sockets.
   */
  invalid(sessionIds: readonly string[]): Promise<Set<string>>;
}

declare module '@keeper/sdk' {
  interface ServiceMap {
    conversations: ConversationsApi;
    agents: AgentsApi;
    sessions: SessionsApi;
  }
}

/** The first admin from config, or from KEEPER_ADMIN_EMAIL / KEEPER_ADMIN_PASSWORD (documented). */
function bootstrapAdmin(configured: { email: string; password: string } | undefined) {
  if (configured) return configured;
  const email = process.env.KEEPER_ADMIN_EMAIL;
  const password = process.env.KEEPER_ADMIN_PASSWORD;
  return email && password ? { email, password } : undefined;
}

/** Agents, shoppers, conversations and messages, with auth: the heart of the product. */
export function domainModule(database: DatabaseModule, redis: RedisModule): CoreModule & { services: () => DomainServices } {
  let services: DomainServices | undefined;
  const lazy = new Proxy({} as DomainServices, {
    get: (_t, key: keyof DomainServices) => {
      if (!services) throw new Error('conversation domain is not set up yet');
      return services[key];
    },
  });
  let prisma: PrismaClient | undefined;
  let committer: GroupCommitter<MessageDraft, WriteOutcome> | undefined;
  return {
    name: 'conversations',
    services: () => lazy,
    graphql: { owner: '@keeper/core', schema: DOMAIN_SDL, resolvers: domainResolvers(lazy), loaders: domainLoaders(lazy) },
    async setup(kernel) {
      const { config, hooks } = kernel;
      const db = database.database();
      prisma = new PrismaClient({ adapter: db.adapterFactory({ schema: 'keeper_core' }) });
      const redisClient = redis.client();
      const limiter: RateLimiter = redisClient ? new RedisRateLimiter(redisClient) : new MemoryRateLimiter();
      const auth = new AuthService(prisma, db, limiter, config.auth, kernel.revocations, hooks);
      await kernel.revocations.start();
      // Several batches in flight on a server (they lock conversations in id order, so no deadlock);
      // PGlite has one connection anyway.
      committer = createGroupCommitter({
        // No transaction around the batch: writeMessages' common case is one atomic statement, and it opens
        // a transaction itself for the rest (see message-writer.ts).
        db: { transaction: (fn) => fn(db) },
        write: writeMessages,
        maxConcurrent: db.dialect === 'postgres' ? 4 : 1,
        // A second batch beside a running one only for 24 drafts or more; fewer wait for it to commit. Measured
        // with bench/writer-load.mjs at 3,000-12,000 msg/s: PostgreSQL 16-29 % and this process 4-24 % less CPU
        // per message, commit p50 within 0.5 ms (the README has the runs, p99 included).
        minBatchWhileBusy: 24,
        // A batch beside a running one takes no conversation the running one holds: it would wait on that row
        // lock anyway (and under a backlog, four batches of 256 over the same conversations ran one after another).
        keyOf: (draft) => draft.conversationId,
        logger: kernel.logger.child({ module: 'message-writer' }),
      });
      const messages = new MessageService(db, committer, hooks, config.limits);
      const conversations = new ConversationService(prisma, hooks, config.limits);
      const shoppers = new ShopperService(prisma, auth, messages, hooks, config.auth.customerSessionTtlSeconds);
      services = { prisma, auth, conversations, messages, shoppers };
      kernel.setAuthenticator((header) => auth.authenticate(header));
      if (await auth.ensureBootstrapAdmin(bootstrapAdmin(config.auth.bootstrapAdmin))) {
        kernel.logger.info('created the first admin account');
      }
      const api: ConversationsApi = {
        find: async (actor, id) => {
          try {
            return await conversations.get(actor, id);
          } catch {
            return null;
          }
        },
        messagesAfter: async (actor, id, afterSeq, limit) => {
          await conversations.get(actor, id);
          return messages.listAfter(id, afterSeq, limit);
        },
        canAccess: canAccessConversation,
        post: (id, authorType, body, actor) => messages.post(id, authorType, body, actor),
      };
      kernel.services.provide('conversations', api);
      kernel.services.provide('sessions', { invalid: (ids) => auth.invalidSessions(ids) });
      kernel.services.provide('agents', {
        activeIds: async () => (await services!.prisma.agent.findMany({ where: { active: true }, select: { id: true }, orderBy: { email: 'asc' } })).map((a) => a.id),
      });
      kernel.services.provide('customers', {
        get: async (id) => {
          if (!isUuid(id)) return null;
          const row = await services!.prisma.customer.findUnique({ where: { id } });
          return row ? toCustomerRecord(row) : null;
        },
      });
    },
    async teardown() {
      await committer?.close();
      await prisma?.$disconnect();
    },
  };
}
