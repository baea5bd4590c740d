import {
  type Actor,
  type AgentActor,
  type AgentRole,
  type ConversationRecord,
  type CustomerActor,
  ForbiddenError,
  UnauthenticatedError,
} from '@keeper/sdk';

/** Who may do what. One place, so resolvers, subscriptions and plugins apply the same rules. */
export function requireAgent(actor: Actor, roles?: readonly AgentRole[]): AgentActor {
  if (actor.kind === 'agent') {
    if (roles && !roles.includes(actor.role)) throw new ForbiddenError(`This needs one of the roles: ${roles.join(', ')}`);
    return actor;
  }
  if (actor.kind === 'anonymous') throw new UnauthenticatedError('Authentication required: sign in as an agent (missing, expired or revoked token)');
  throw new ForbiddenError('Only agents can do this');
}

export function requireCustomerOrAgent(actor: Actor): CustomerActor | AgentActor {
  if (actor.kind === 'agent' || actor.kind === 'customer') return actor;
  throw new UnauthenticatedError('Authentication required: send the token from agentLogin or startConversation (missing, expired or revoked token)');
}

export function isSupervisor(actor: AgentActor): boolean {
  return actor.role === 'admin' || actor.role === 'supervisor';
}

/**
 * Shoppers see only the conversations their token was issued for; agents see unassigned
 * conversations and their own; supervisors and admins see everything.
 */
export function canAccessConversation(actor: Actor, conversation: Pick<ConversationRecord, 'id' | 'assigneeId'>): boolean {
  switch (actor.kind) {
    case 'customer':
      return actor.conversationIds.includes(conversation.id);
    case 'agent':
      return isSupervisor(actor) || conversation.assigneeId === null || conversation.assigneeId === actor.id;
    case 'system':
      return true;
    default:
      return false;
  }
}

export function assertConversationAccess(actor: Actor, conversation: Pick<ConversationRecord, 'id' | 'assigneeId'>): void {
  requireCustomerOrAgentOrSystem(actor);
  if (!canAccessConversation(actor, conversation)) throw new ForbiddenError('You do not have access to this conversation');
}

function requireCustomerOrAgentOrSystem(actor: Actor): void {
  if (actor.kind !== 'system') requireCustomerOrAgent(actor);
}
