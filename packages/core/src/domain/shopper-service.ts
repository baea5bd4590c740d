import type { Actor, MessageRecord } from '@keeper/sdk';
import type { AuthService } from '../auth/auth-service.js';
import type { KeeperHookBus } from '../hooks/hook-bus.js';
import type { Conversation, Customer, Prisma, PrismaClient } from '../generated/prisma/client.js';
import type { MessageService } from './message-service.js';
import { toConversationRecord, toCustomerRecord } from './records.js';
import { optionalEmail, optionalPhone, optionalText } from './validation.js';

export interface StartConversationInput {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  /** `system:id` (e.g. `shopify:7012`) or a bare id, stored under `widget`. */
  externalId?: string | null;
  message?: string | null;
  channel?: string | null;
  subject?: string | null;
}

export interface ShopperSession {
  token: string;
  expiresAt: Date;
  conversation: Conversation;
  customer: Customer;
  message: MessageRecord | null;
}

/** A shopper opening the widget: find or create the customer, open a conversation, issue a scoped token. */
export class ShopperService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly auth: AuthService,
    private readonly messages: MessageService,
    private readonly hooks: KeeperHookBus,
    private readonly customerSessionTtlSeconds: number,
  ) {}

  async start(actor: Actor, input: StartConversationInput | null | undefined): Promise<ShopperSession> {
    const name = optionalText(input?.name, 'input.name', 100);
    const email = optionalEmail(input?.email, 'input.email');
    const phone = optionalPhone(input?.phone, 'input.phone');
    const external = parseExternalId(optionalText(input?.externalId, 'input.externalId', 200));
    const channel = optionalText(input?.channel, 'input.channel', 32) ?? 'web';
    const subject = optionalText(input?.subject, 'input.subject', 200);
    const message = optionalText(input?.message, 'input.message', 100_000);

    const identified = email !== null || phone !== null || external !== null;
    const { customer, conversation, created } = await this.prisma.$transaction(async (tx) => {
      const existing = await this.findCustomer(tx, actor, email, phone, external);
      const now = new Date();
      const externalIds = { ...((existing?.externalIds as Record<string, string> | null) ?? {}), ...(external ?? {}) };
      // A shopper matched only by what they typed fills blanks; it never overwrites what we know.
      const own = actor.kind === 'customer';
      const customer = existing
        ? await tx.customer.update({
            where: { id: existing.id },
            data: {
              lastSeenAt: now,
              name: own ? (name ?? existing.name) : (existing.name ?? name),
              email: existing.email ?? email,
              phone: existing.phone ?? phone,
              externalIds: own ? externalIds : { ...(external ?? {}), ...((existing.externalIds as Record<string, string> | null) ?? {}) },
            },
          })
        : await tx.customer.create({ data: { name, email, phone, externalIds } });
      const conversation = await tx.conversation.create({ data: { customerId: customer.id, channel, subject } });
      return { customer, conversation, created: !existing };
    });

    const previous = actor.kind === 'customer' && actor.id === customer.id ? actor.conversationIds : [];
    const session = await this.auth.createSession('customer', customer.id, [...previous, conversation.id], this.customerSessionTtlSeconds);

    let first: MessageRecord | null = null;
    if (message !== null) {
      const shopper: Actor = { kind: 'customer', id: customer.id, conversationIds: [conversation.id], sessionId: session.sessionId };
      try {
        first = await this.messages.send(shopper, conversation.id, message, null);
      } catch (error) {
        // A refused first message (too long, rejected by a filter) leaves nothing behind.
        await this.undo(session.sessionId, conversation.id, created ? customer.id : null);
        throw error;
      }
    }
    if (identified || !created) this.hooks.emit('customer.identified', { customer: toCustomerRecord(customer), conversationId: conversation.id });
    this.hooks.emit('conversation.opened', { conversation: toConversationRecord(conversation), customer: toCustomerRecord(customer) });
    const current = first ? ((await this.prisma.conversation.findUnique({ where: { id: conversation.id } })) ?? conversation) : conversation;
    return { token: session.token, expiresAt: session.expiresAt, conversation: current, customer, message: first };
  }

  private async undo(sessionId: string, conversationId: string, customerId: string | null): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.session.delete({ where: { id: sessionId } });
      await tx.message.deleteMany({ where: { conversationId } });
      await tx.conversation.delete({ where: { id: conversationId } });
      if (customerId) await tx.customer.delete({ where: { id: customerId } });
    });
  }

  /** A returning shopper (their token) keeps their customer; otherwise match on email, then external id, then phone. */
  private async findCustomer(
    tx: Prisma.TransactionClient,
    actor: Actor,
    email: string | null,
    phone: string | null,
    external: Record<string, string> | null,
  ): Promise<Customer | null> {
    if (actor.kind === 'customer') return tx.customer.findUnique({ where: { id: actor.id } });
    if (email) {
      const byEmail = await tx.customer.findFirst({ where: { email }, orderBy: { firstSeenAt: 'asc' } });
      if (byEmail) return byEmail;
    }
    if (external) {
      const [system, id] = Object.entries(external)[0]!;
      const byExternal = await tx.customer.findFirst({ where: { externalIds: { path: [system], equals: id } } });
      if (byExternal) return byExternal;
    }
    if (phone) return tx.customer.findFirst({ where: { phone }, orderBy: { firstSeenAt: 'asc' } });
    return null;
  }
}

function parseExternalId(value: string | null): Record<string, string> | null {
  if (value === null) return null;
  const colon = value.indexOf(':');
  if (colon > 0 && colon < value.length - 1) return { [value.slice(0, colon)]: value.slice(colon + 1) };
  return { widget: value };
}
