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
  }

  extend type Mutation {
    "An agent's corrected annotation, stored as a training example. Returns its id."
    correctProductAnnotation(input: ProductNerCorrectionInput!): ID!
    "Retrains on the stored corrections and hot-swaps the model (admins)."
    retrainProductNer: ProductNerModelInfo!
    "Replaces the catalog: JSON in the documented format, or CSV with format: \\"csv\\" (admins)."
    importProductCatalog(data: String!, format: String = "json"): ProductNerCatalogInfo!
  }
`;
