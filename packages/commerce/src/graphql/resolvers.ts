import { BadUserInputError, ForbiddenError, type GraphQLResolvers, type ResolverContext } from '@keeper/sdk';
import type { Order, Sku } from '../model.js';
import type { CommerceService, Merged, SourceResult } from '../service/commerce-service.js';

const MAX_FIRST = 50;

/** Order data is personal data: only agents (and the system) may read it. */
/** Where order.updated is published for subscribers. */
export const ORDER_UPDATES_TOPIC = 'commerce:orders';

function requireAgent(ctx: ResolverContext): void {
  if (ctx.actor.kind !== 'agent' && ctx.actor.kind !== 'system') throw new ForbiddenError('Only agents can read commerce data');
}

function clampFirst(value: unknown): number {
  const first = value === undefined || value === null ? 10 : Number(value);
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) throw new BadUserInputError(`first must be between 1 and ${MAX_FIRST}`, 'first');
  return first;
}

function source(s: SourceResult) {
  return { ...s, status: s.status.toUpperCase() };
}

function orderOut(order: Order) {
  return { ...order, id: `${order.system}:${order.externalId}`, status: order.status.toUpperCase() };
}

function list<T, O>(merged: Merged<T>, map: (t: T) => O) {
  return { nodes: merged.items.map(map), sources: merged.sources.map(source), errors: merged.errors, complete: merged.errors.length === 0 };
}

interface CustomerParent {
  id: string;
  email?: string | null;
  phone?: string | null;
}

interface ConversationParent {
  customerId?: string;
  customer?: CustomerParent;
}

/**
 * Resolvers over a service getter (the service exists only after `setup`). Kept free of Mercurius
 * specifics so they can be unit-tested by calling them directly.
 */
export function commerceResolvers(service: () => CommerceService): GraphQLResolvers {
  return {
    Subscription: {
      orderUpdated: {
        subscribe: (_parent, _args, ctx) => {
          requireAgent(ctx);
          return ctx.pubsub.subscribe(ORDER_UPDATES_TOPIC);
        },
      },
    },
    Customer: {
      orders: async (parent, args, ctx) => {
        requireAgent(ctx);
        const customer = parent as CustomerParent;
        return list(await service().customerOrders(customer, clampFirst(args.first)), orderOut);
      },
      commerceLinks: async (parent, _args, ctx) => {
        requireAgent(ctx);
        return service().links.links((parent as CustomerParent).id);
      },
    },
    Conversation: {
      customerOrders: async (parent, args, ctx) => {
        requireAgent(ctx);
        const conversation = parent as ConversationParent;
        // Read the shopper from core, not from what the conversation.opened handler may not have stored yet.
        const known = conversation.customerId && ctx.services.has('customers') ? await ctx.services.get('customers').get(conversation.customerId) : null;
        const customer = conversation.customer ?? known ?? (conversation.customerId ? { id: conversation.customerId } : null);
        if (!customer) throw new BadUserInputError('conversation has no customer');
        return list(await service().customerOrders(customer, clampFirst(args.first)), orderOut);
      },
    },
    Query: {
      order: async (_parent, args, ctx) => {
        requireAgent(ctx);
        const order = await service().order(String(args.system), { id: optional(args.id), number: optional(args.number) });
        return order ? orderOut(order) : null;
      },
      productBySku: async (_parent, args, ctx) => {
        requireAgent(ctx);
        const sku = String(args.sku).trim();
        if (!sku || sku.length > 128) throw new BadUserInputError('sku must be 1–128 characters', 'sku');
        return list(await service().productBySku(sku, optional(args.system)), (s: Sku) => s);
      },
      commerceSystems: (_parent, _args, ctx) => {
        requireAgent(ctx);
        return service()
          .registry.list()
          .map((a) => ({ system: a.system, platform: a.platform, status: 'OK', matchedBy: null, count: 0, hasMore: false, error: null }));
      },
    },
    Mutation: {
      createTicket: async (_parent, args, ctx) => {
        requireAgent(ctx);
        const input = args.input as { system: string; orderId?: string | null; customerId?: string | null; subject?: string | null; body: string };
        if (!input.body.trim() || input.body.length > 10_000) throw new BadUserInputError('body must be 1–10000 characters', 'input.body');
        const ticket = await service().createTicket(input.system, { orderId: input.orderId, customerId: input.customerId, subject: input.subject, body: input.body });
        return { ...ticket, kind: ticket.kind.toUpperCase() };
      },
      linkCommerceCustomer: async (_parent, args, ctx) => {
        requireAgent(ctx);
        await service().linkCustomer(String(args.customerId), String(args.system), String(args.externalId));
        return service().links.links(String(args.customerId));
      },
      unlinkCommerceCustomer: async (_parent, args, ctx) => {
        requireAgent(ctx);
        await service().links.unlink(String(args.customerId), String(args.system), String(args.externalId));
        return service().links.links(String(args.customerId));
      },
    },
  };
}

function optional(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}
