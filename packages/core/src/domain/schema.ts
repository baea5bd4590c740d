/** The conversation domain's GraphQL: the API every frontend uses. Names are fixed; clients depend on them. */
export const DOMAIN_SDL = /* GraphQL */ `
  enum AgentRole {
    admin
    supervisor
    agent
  }

  enum ConversationStatus {
    open
    pending
    closed
  }

  enum AuthorType {
    customer
    agent
    system
    bot
  }

  type Agent implements Node {
    id: ID!
    email: String!
    name: String!
    role: AgentRole!
    active: Boolean!
    maxConcurrent: Int!
    createdAt: DateTime!
  }

  type AgentSession {
    token: String!
    expiresAt: DateTime!
    agent: Agent!
  }

  type Customer implements Node {
    id: ID!
    name: String
    email: String
    phone: String
    "Ids of this shopper in commerce systems, e.g. { shopify: '7012' }."
    externalIds: JSON!
    firstSeenAt: DateTime!
    lastSeenAt: DateTime!
  }

  type ShopperSession {
    "Send as Authorization: Bearer <token>; it opens only this shopper's conversations."
    token: String!
    expiresAt: DateTime!
    conversation: Conversation!
    customer: Customer!
  }

  type MessageAuthor {
    type: AuthorType!
    id: ID
    name: String
  }

  type Message implements Node {
    id: ID!
    conversationId: ID!
    "Gap-free per conversation, starting at 1."
    seq: Int!
    body: String!
    authorType: AuthorType!
    author: MessageAuthor!
    clientMessageId: String
    createdAt: DateTime!
    "What plugins attached, keyed by plugin (e.g. sensitive-word flags, recognised products)."
    annotations: JSON!
  }

  type MessageEdge {
    cursor: String!
    node: Message!
  }

  type MessageConnection {
    edges: [MessageEdge!]!
    pageInfo: PageInfo!
  }

  type Conversation implements Node {
    id: ID!
    status: ConversationStatus!
    channel: String!
    subject: String
    tags: [String!]!
    customer: Customer!
    assignee: Agent
    "The seq of the newest message (0 when there is none)."
    lastSeq: Int!
    createdAt: DateTime!
    lastMessageAt: DateTime
    lastActivityAt: DateTime!
    closedAt: DateTime
    messages(afterSeq: Int, first: Int): MessageConnection!
  }

  type ConversationEdge {
    cursor: String!
    node: Conversation!
  }

  type ConversationConnection {
    edges: [ConversationEdge!]!
    pageInfo: PageInfo!
  }

  "The caller: an agent, a shopper, or nobody."
  type Me {
    kind: String!
    agent: Agent
    customer: Customer
    conversationIds: [ID!]!
  }

  input StartConversationInput {
    name: String
    email: String
    phone: String
    "system:id, e.g. shopify:7012"
    externalId: String
    "A first message."
    message: String
    channel: String
    subject: String
  }

  input CreateAgentInput {
    email: String!
    name: String!
    password: String!
    role: AgentRole
    maxConcurrent: Int
  }

  extend type Query {
    me: Me!
    conversation(id: ID!): Conversation!
    "The agent inbox, newest activity first."
    conversations(status: ConversationStatus, assignedTo: ID, unassigned: Boolean, first: Int, after: String): ConversationConnection!
    messages(conversationId: ID!, afterSeq: Int, first: Int): MessageConnection!
    "Agents (supervisors and admins)."
    agents: [Agent!]!
  }

  extend type Mutation {
    agentLogin(email: String!, password: String!): AgentSession!
    "Revokes the caller's token; its open WebSockets on every node close with 4401."
    logout: Boolean!
    "Signs an agent out everywhere (admins for anyone, an agent for themselves); returns how many sessions ended."
    revokeAgentSessions(agentId: ID!): Int!
    "Admins: a deactivated agent cannot sign in and is signed out everywhere at once; reactivating allows logins again."
    setAgentActive(agentId: ID!, active: Boolean!): Agent!
    startConversation(input: StartConversationInput): ShopperSession!
    sendMessage(conversationId: ID!, body: String!, clientMessageId: String): Message!
    assignConversation(conversationId: ID!, agentId: ID): Conversation!
    transferConversation(conversationId: ID!, toAgentId: ID!, note: String): Conversation!
    closeConversation(conversationId: ID!): Conversation!
    reopenConversation(conversationId: ID!): Conversation!
    "Admins only."
    createAgent(input: CreateAgentInput!): Agent!
  }
`;
