/** GraphQL additions of @keeper/plugin-product-ner. Type names are prefixed to avoid clashes. */
export const typeDefs = /* GraphQL */ `
  type ProductNerEntity {
    start: Int!
    end: Int!
    label: String!
    text: String!
  }

  type ProductNerCandidate {
    product: ID!
    sku: ID
    title: String
    score: Float!
    price: Float
    stock: Int
  }

  type ProductNerAnalysis {
    entities: [ProductNerEntity!]!
    "The product the text names, or null when it is not clear."
    product: ID
    "The exact SKU, or null when the text does not single one out."
    sku: ID
    candidates: [ProductNerCandidate!]!
  }

  type ProductNerAttribute {
    key: String!
    value: String!
  }

  type ProductNerSku {
    sku: ID!
    price: Float
    stock: Int
    attributes: [ProductNerAttribute!]!
  }

  type ProductNerProduct {
    id: ID!
    title: String!
    brand: String
    category: String
    "Root to leaf, e.g. [服装, 外套, 羽绒服]."
    categoryPath: [String!]!
    skus: [ProductNerSku!]!
  }

  type ProductNerModelInfo {
    "default (shipped), file (modelFile option) or retrained."
    source: String!
    trainedOn: Int!
    trainedAt: String!
    "Stored corrections available for the next retrain."
    examples: Int!
  }

  type ProductNerCatalogInfo {
    products: Int!
    skus: Int!
  }

  "One catalog sync from the shop systems (@keeper/commerce)."
  type ProductNerCatalogSyncResult {
    "commerce:<system>[,<system>...]"
    source: String!
    systems: [String!]!
    products: Int!
    skus: Int!
    durationMs: Int!
    finishedAt: String!
    "boot, interval, mutation or service"
    trigger: String!
    "Data left out, e.g. a SKU code listed under two products."
    warnings: [String!]!
  }

  type ProductNerCatalogSyncStatus {
    "Whether the catalogSync option is set (periodic and boot syncs)."
    enabled: Boolean!
    running: Boolean!
    intervalMs: Int
    lastResult: ProductNerCatalogSyncResult
    "Why the last sync failed; the catalog it would have replaced stayed live."
    lastError: String
    lastErrorAt: String
    nextRunAt: String
    "Where the live catalog came from: commerce:<systems>, import:json|csv, option:catalog|catalogFile, stored or empty."
    catalogSource: String!
    products: Int!
    skus: Int!
  }

  input ProductNerEntityInput {
    start: Int!
    end: Int!
    label: String!
  }

  input ProductNerCorrectionInput {
    "The message being corrected; a later correction of the same message replaces the earlier one."
    messageId: ID
    text: String!
    entities: [ProductNerEntityInput!]!
    product: ID
    sku: ID
  }

  extend type Query {
    "Entities and candidate SKUs in a text (agents)."
    analyzeText(text: String!): ProductNerAnalysis!
    "Catalog products whose title, brand, category or SKU match every word of search (agents)."
    products(search: String, limit: Int = 20): [ProductNerProduct!]!
    productNerModel: ProductNerModelInfo!
    "Catalog sync state and where the live catalog came from (agents)."
    productCatalogSync: ProductNerCatalogSyncStatus!
  }

  extend type Mutation {
    "An agent's corrected annotation, stored as a training example. Returns its id."
    correctProductAnnotation(input: ProductNerCorrectionInput!): ID!
    "Retrains on the stored corrections and hot-swaps the model (admins)."
    retrainProductNer: ProductNerModelInfo!
    "Replaces the catalog: JSON in the documented format, or CSV with format: \\"csv\\" (admins)."
    importProductCatalog(data: String!, format: String = "json"): ProductNerCatalogInfo!
    "Replaces the catalog with the shop systems' own (one system, or every one that can list its catalog), now (admins). A failed sync keeps the current catalog and reports why."
    syncProductCatalog(system: String): ProductNerCatalogSyncResult!
  }
`;
