import { type Actor, BadUserInputError, type GraphQLLoaders, type GraphQLResolvers, type MessageRecord, type ResolverContext, UnauthenticatedError } from '@keeper/sdk';
import type { FastifyReply } from 'fastify';
import { requireAgent } from '../auth/access.js';
import type { AuthService } from '../auth/auth-service.js';
import type { Agent, Conversation, PrismaClient } from '../generated/prisma/client.js';
import type { ConversationService } from './conversation-service.js';
import type { MessagePage, MessageService } from './message-service.js';
import type { ShopperService, StartConversationInput } from './shopper-service.js';

export interface DomainServices {
  prisma: PrismaClient;
  auth: AuthService;
  conversations: ConversationService;
  messages: MessageService;
  shoppers: ShopperService;
}

function messageConnection(page: MessagePage) {
  const edges = page.messages.map((node) => ({ cursor: String(node.seq), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function clientAddress(ctx: ResolverContext): string {
  return (ctx as ResolverContext & { reply?: FastifyReply }).reply?.request.ip ?? 'websocket';
}

function agentView(agent: Agent) {
  const { passwordHash: _secret, ...visible } = agent;
  return visible;
}

export function domainResolvers(s: DomainServices): GraphQLResolvers {
  return {
    Query: {
      me: async (_p, _a, ctx) => {
        const actor: Actor = ctx.actor;
        if (actor.kind === 'agent') {
          const agent = await s.prisma.agent.findUnique({ where: { id: actor.id } });
          return { kind: 'agent', agent: agent && agentView(agent), customer: null, conversationIds: [] };
        }
        if (actor.kind === 'customer') {
          const customer = await s.prisma.customer.findUnique({ where: { id: actor.id } });
          return { kind: 'customer', agent: null, customer, conversationIds: actor.conversationIds };
        }
        return { kind: actor.kind, agent: null, customer: null, conversationIds: [] };
      },
      conversation: (_p, args, ctx) => s.conversations.get(ctx.actor, args.id),
      conversations: async (_p, args, ctx) => {
        const page = await s.conversations.list(
          ctx.actor,
          { status: args.status as Conversation['status'] | null, assignedTo: args.assignedTo as string | null, unassigned: args.unassigned as boolean | null },
          args.first,
          args.after,
        );
        const edges = page.conversations.map((node) => ({ cursor: page.cursorOf(node), node }));
        return {
          edges,
          pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
        };
      },
      messages: async (_p, args, ctx) => messageConnection(await s.messages.list(ctx.actor, args.conversationId, args.afterSeq, args.first)),
      agents: async (_p, _a, ctx) => {
        requireAgent(ctx.actor, ['admin', 'supervisor']);
        const agents = await s.prisma.agent.findMany({ orderBy: { email: 'asc' } });
        return agents.map(agentView);
      },
    },
    Mutation: {
      agentLogin: async (_p, args, ctx) => {
        const session = await s.auth.login(String(args.email), String(args.password), clientAddress(ctx));
        return { token: session.token, expiresAt: session.expiresAt, agent: agentView(session.agent) };
      },
      logout: async (_p, _a, ctx) => {
        const actor = ctx.actor;
        if (actor.kind !== 'agent' && actor.kind !== 'customer') throw new UnauthenticatedError();
        await s.auth.logout(actor);
        return true;
      },
      revokeAgentSessions: (_p, args, ctx) => s.auth.revokeAgentSessions(ctx.actor, args.agentId),
      setAgentActive: async (_p, args, ctx) => agentView(await s.auth.setAgentActive(ctx.actor, args.agentId, args.active === true)),
      startConversation: async (_p, args, ctx) => {
        const session = await s.shoppers.start(ctx.actor, args.input as StartConversationInput | null);
        return session;
      },
      sendMessage: (_p, args, ctx) => s.messages.send(ctx.actor, args.conversationId, args.body, args.clientMessageId),
      assignConversation: (_p, args, ctx) => s.conversations.assign(ctx.actor, args.conversationId, args.agentId),
      transferConversation: (_p, args, ctx) => s.conversations.transfer(ctx.actor, args.conversationId, args.toAgentId, args.note),
      closeConversation: (_p, args, ctx) => s.conversations.close(ctx.actor, args.conversationId),
      reopenConversation: (_p, args, ctx) => s.conversations.reopen(ctx.actor, args.conversationId),
      createAgent: async (_p, args, ctx) => {
        requireAgent(ctx.actor, ['admin']);
        const input = args.input as { email: string; name: string; password: string; role?: 'admin' | 'supervisor' | 'agent'; maxConcurrent?: number };
        if (input.maxConcurrent !== undefined && input.maxConcurrent !== null && (input.maxConcurrent < 1 || input.maxConcurrent > 1000)) {
          throw new BadUserInputError('maxConcurrent must be between 1 and 1000', 'input.maxConcurrent');
        }
        return agentView(await s.auth.createAgent(input));
      },
    },
    Conversation: {
      messages: async (parent, args, ctx) =>
        messageConnection(await s.messages.list(ctx.actor, (parent as Conversation).id, args.afterSeq, args.first)),
    },
  };
}

/** Batched lookups so a page of conversations or messages costs one query per related type. */
export function domainLoaders(s: DomainServices): GraphQLLoaders {
  return {
    Conversation: {
      customer: async (queries) => {
        const ids = [...new Set(queries.map((q) => (q.obj as Conversation).customerId))];
        const rows = await s.prisma.customer.findMany({ where: { id: { in: ids } } });
        const byId = new Map(rows.map((r) => [r.id, r]));
        return queries.map((q) => byId.get((q.obj as Conversation).customerId) ?? null);
      },
      assignee: async (queries) => {
        const ids = [...new Set(queries.map((q) => (q.obj as Conversation).assigneeId).filter((id): id is string => id !== null))];
        const rows = ids.length ? await s.prisma.agent.findMany({ where: { id: { in: ids } } }) : [];
        const byId = new Map(rows.map((r) => [r.id, agentView(r)]));
        return queries.map((q) => {
          const id = (q.obj as Conversation).assigneeId;
          return id ? (byId.get(id) ?? null) : null;
        });
      },
    },
    Message: {
      author: async (queries) => {
        const messages = queries.map((q) => q.obj as MessageRecord);
        const agentIds = [...new Set(messages.filter((m) => m.authorType === 'agent' && m.authorId).map((m) => m.authorId!))];
        const customerIds = [...new Set(messages.filter((m) => m.authorType === 'customer' && m.authorId).map((m) => m.authorId!))];
        const [agents, customers] = await Promise.all([
          agentIds.length ? s.prisma.agent.findMany({ where: { id: { in: agentIds } }, select: { id: true, name: true } }) : [],
          customerIds.length ? s.prisma.customer.findMany({ where: { id: { in: customerIds } }, select: { id: true, name: true } }) : [],
        ]);
        const names = new Map<string, string | null>([...agents, ...customers].map((r) => [r.id, r.name]));
        return messages.map((m) => ({ type: m.authorType, id: m.authorId, name: m.authorId ? (names.get(m.authorId) ?? null) : null }));
      },
    },
  };
}
