import {
  type Actor,
  BadUserInputError,
  type ConversationStatus,
  ForbiddenError,
  NotFoundError,
} from '@keeper/sdk';
import { assertConversationAccess, isSupervisor, requireAgent } from '../auth/access.js';
import type { KeeperHookBus } from '../hooks/hook-bus.js';
import type { Conversation, Prisma, PrismaClient } from '../generated/prisma/client.js';
import { toConversationRecord } from './records.js';
import { assertId, decodeCursor, encodeCursor, optionalText, pageSize } from './validation.js';

export interface ConversationFilter {
  status?: ConversationStatus | null;
  /** An agent id, or `me`. */
  assignedTo?: string | null;
  unassigned?: boolean | null;
}

export interface ConversationPage {
  conversations: Conversation[];
  hasNextPage: boolean;
  cursorOf(conversation: Conversation): string;
}

/** Conversations: reading with access rules, the agent inbox, and the status/assignment lifecycle. */
export class ConversationService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly hooks: KeeperHookBus,
    private readonly limits: { pageSizeDefault: number; pageSizeMax: number },
  ) {}

  /** Loads a conversation the actor may see: NOT_FOUND when absent, FORBIDDEN when not theirs. */
  async get(actor: Actor, idInput: unknown): Promise<Conversation> {
    const id = assertId('Conversation', idInput);
    const conversation = await this.prisma.conversation.findUnique({ where: { id } });
    if (!conversation) throw new NotFoundError('Conversation', id);
    assertConversationAccess(actor, conversation);
    return conversation;
  }

  /** The agent inbox, newest activity first; agents see unassigned conversations and their own. */
  async list(actor: Actor, filter: ConversationFilter, firstInput: unknown, after: unknown): Promise<ConversationPage> {
    const agent = requireAgent(actor);
    const first = pageSize(firstInput, this.limits);
    const and: Prisma.ConversationWhereInput[] = [];
    if (filter.status) and.push({ status: filter.status });
    if (filter.unassigned) and.push({ assigneeId: null });
    if (filter.assignedTo) and.push({ assigneeId: filter.assignedTo === 'me' ? agent.id : assertId('Agent', filter.assignedTo) });
    if (!isSupervisor(agent)) and.push({ OR: [{ assigneeId: null }, { assigneeId: agent.id }] });
    if (after !== undefined && after !== null) {
      const [at, id] = decodeCursor(after, 'after');
      const date = typeof at === 'string' ? new Date(at) : undefined;
      if (!date || Number.isNaN(date.getTime()) || typeof id !== 'string') throw new BadUserInputError('after is not a cursor this server issued', 'after');
      // The slot bound lets the index range-scan; the order itself is (lastActivityAt, id).
      and.push({ activitySlot: { lte: activitySlotOf(date) } });
      and.push({ OR: [{ lastActivityAt: { lt: date } }, { lastActivityAt: date, id: { lt: id } }] });
    }
    const rows = await this.prisma.conversation.findMany({
      where: { AND: and },
      // activitySlot only grows with lastActivityAt, so this is the (lastActivityAt, id) order, read through the
      // slot indexes with an incremental sort within a slot.
      orderBy: [{ activitySlot: 'desc' }, { lastActivityAt: 'desc' }, { id: 'desc' }],
      take: first + 1,
    });
    return {
      conversations: rows.slice(0, first),
      hasNextPage: rows.length > first,
      cursorOf: (c) => encodeCursor([c.lastActivityAt.toISOString(), c.id]),
    };
  }

  /** Assigns to an agent (or unassigns with null). Agents may only claim unassigned ones for themselves. */
  async assign(actor: Actor, conversationIdInput: unknown, agentIdInput: unknown): Promise<Conversation> {
    const by = requireAgent(actor);
    const conversation = await this.get(actor, conversationIdInput);
    const agentId = agentIdInput === undefined || agentIdInput === null ? null : assertId('Agent', agentIdInput);
    if (!isSupervisor(by) && (agentId !== by.id || (conversation.assigneeId !== null && conversation.assigneeId !== by.id))) {
      throw new ForbiddenError('Agents can only take unassigned conversations for themselves; ask a supervisor');
    }
    if (agentId !== null) await this.assertAssignable(agentId, conversation.id);
    const updated = await this.prisma.conversation.update({
      where: { id: conversation.id },
      data: { assigneeId: agentId, lastActivityAt: new Date() },
    });
    this.hooks.emit('conversation.assigned', {
      conversation: toConversationRecord(updated),
      agentId,
      previousAgentId: conversation.assigneeId,
      by: actor,
    });
    return updated;
  }

  /** Hands an assigned conversation to another agent; the current assignee or a supervisor may do it. */
  async transfer(actor: Actor, conversationIdInput: unknown, toAgentIdInput: unknown, noteInput: unknown): Promise<Conversation> {
    const by = requireAgent(actor);
    const conversation = await this.get(actor, conversationIdInput);
    const toAgentId = assertId('Agent', toAgentIdInput);
    const note = optionalText(noteInput, 'note', 1000);
    if (!isSupervisor(by) && conversation.assigneeId !== by.id) {
      throw new ForbiddenError('Only the assigned agent or a supervisor can transfer this conversation');
    }
    if (toAgentId === conversation.assigneeId) throw new BadUserInputError('The conversation is already assigned to that agent', 'toAgentId');
    await this.assertAssignable(toAgentId, conversation.id);
    const updated = await this.prisma.conversation.update({
      where: { id: conversation.id },
      data: { assigneeId: toAgentId, lastActivityAt: new Date() },
    });
    this.hooks.emit('conversation.transferred', {
      conversation: toConversationRecord(updated),
      fromAgentId: conversation.assigneeId,
      toAgentId,
      by: actor,
      note,
    });
    return updated;
  }

  async close(actor: Actor, conversationIdInput: unknown): Promise<Conversation> {
    requireAgent(actor);
    const conversation = await this.get(actor, conversationIdInput);
    if (conversation.status === 'closed') return conversation;
    const now = new Date();
    const updated = await this.prisma.conversation.update({
      where: { id: conversation.id },
      data: { status: 'closed', closedAt: now, lastActivityAt: now },
    });
    this.hooks.emit('conversation.closed', { conversation: toConversationRecord(updated), by: actor });
    return updated;
  }

  async reopen(actor: Actor, conversationIdInput: unknown): Promise<Conversation> {
    requireAgent(actor);
    const conversation = await this.get(actor, conversationIdInput);
    if (conversation.status !== 'closed') return conversation;
    const updated = await this.prisma.conversation.update({
      where: { id: conversation.id },
      data: { status: 'open', closedAt: null, lastActivityAt: new Date() },
    });
    this.hooks.emit('conversation.reopened', { conversation: toConversationRecord(updated), by: actor });
    return updated;
  }

  /** The target must be an active agent with room under their max concurrent conversations. */
  private async assertAssignable(agentId: string, conversationId: string): Promise<void> {
    const agent = await this.prisma.agent.findUnique({ where: { id: agentId } });
    if (!agent) throw new NotFoundError('Agent', agentId);
    if (!agent.active) throw new BadUserInputError(`Agent ${agent.email} is disabled`, 'agentId');
    const load = await this.prisma.conversation.count({
      where: { assigneeId: agentId, status: { not: 'closed' }, id: { not: conversationId } },
    });
    if (load >= agent.maxConcurrent) {
      throw new BadUserInputError(`Agent ${agent.email} already has ${load} open conversations (max ${agent.maxConcurrent})`, 'agentId');
    }
  }
}

/** The migration's `activity_slot`: `date_bin('10 seconds', last_activity_at, 2000-01-01 UTC)`. */
export function activitySlotOf(at: Date): Date {
  const origin = Date.UTC(2000, 0, 1);
  return new Date(origin + Math.floor((at.getTime() - origin) / 10_000) * 10_000);
}
