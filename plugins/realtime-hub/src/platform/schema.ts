/** What the realtime hub adds to the schema. */
export const hubSDL = /* GraphQL */ `
  enum ConversationEventType {
    opened
    assigned
    transferred
    closed
    reopened
    message
  }

  "An inbox feed entry for agents."
  type ConversationEvent {
    type: ConversationEventType!
    conversationId: ID!
    conversation: Conversation!
    "Set for type message: the new message (a preview for the inbox)."
    message: Message
    "The agent a conversation was assigned or transferred to."
    agentId: ID
    at: DateTime!
  }

  type TypingEvent {
    conversationId: ID!
    authorType: AuthorType!
    authorId: ID
    typing: Boolean!
    at: DateTime!
  }

  enum PresenceStatus {
    online
    away
    offline
  }

  type AgentPresence {
    agentId: ID!
    status: PresenceStatus!
    at: DateTime
  }

  extend type Subscription {
    "Messages of one conversation; with afterSeq, stored messages after it first, then live, with no gap or duplicate."
    messageAdded(conversationId: ID!, afterSeq: Int): Message!
    "The agent inbox: conversations opened, assigned, transferred, closed, reopened, and new messages."
    conversationEvents: ConversationEvent!
    typing(conversationId: ID!): TypingEvent!
    "Agents going online, away and offline (agents only)."
    agentPresence: AgentPresence!
  }

  extend type Mutation {
    setTyping(conversationId: ID!, typing: Boolean!): Boolean!
    "Agents: online or away (offline is leaving)."
    setPresence(status: PresenceStatus!): AgentPresence!
  }

  extend type Query {
    "Presence of every active agent (agents only)."
    agentPresences: [AgentPresence!]!
  }
`;
