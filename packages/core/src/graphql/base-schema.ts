/**
 * The base SDL every deployment has. Plugins extend the roots with `extend type Query { ... }`.
 * Mutation and Subscription roots appear only once something extends them (an empty root type
 * is not valid GraphQL).
 */
export const BASE_SDL = /* GraphQL */ `
  "ISO-8601 date-time"
  scalar DateTime
  "Any JSON value"
  scalar JSON

  "An object with a globally unique, opaque id."
  interface Node {
    id: ID!
  }

  "Relay pagination info."
  type PageInfo {
    hasNextPage: Boolean!
    hasPreviousPage: Boolean!
    startCursor: String
    endCursor: String
  }

  type KeeperPluginInfo {
    name: String!
    version: String!
    core: String!
  }

  "The running Keeper node."
  type KeeperInfo {
    version: String!
    "Installed plugins (agents only)."
    plugins: [KeeperPluginInfo!]!
  }

  type Query {
    keeper: KeeperInfo!
  }
`;

export const MUTATION_ROOT_SDL = 'type Mutation';
export const SUBSCRIPTION_ROOT_SDL = 'type Subscription';
