/**
 * What @keeper/commerce adds to the schema. Times are ISO-8601 strings (the core's DateTime scalar
 * may not exist when this plugin's SDL is merged); money is a decimal string plus currency.
 * `Customer` and `Conversation` are the core's types, extended here.
 */
export const commerceSchema = /* GraphQL */ `
  enum CommerceOrderStatus {
    PENDING_PAYMENT
    PAID
    PROCESSING
    PARTIALLY_SHIPPED
    SHIPPED
    DELIVERED
    COMPLETED
    CANCELLED
    REFUNDED
    ON_HOLD
    UNKNOWN
  }

  type CommerceMoney {
    "Decimal string in major units, e.g. \\"12.50\\"; never a float."
    amount: String!
    currency: String!
  }

  type CommerceLineItem {
    sku: String
    title: String!
    quantity: Int!
    unitPrice: CommerceMoney
    total: CommerceMoney
    variant: String
  }

  type CommerceShipment {
    carrier: String
    trackingNumber: String
    trackingUrl: String
    status: String
    shippedAt: String
  }

  type CommerceOrder {
    "Opaque: system + platform id."
    id: ID!
    "The adapter instance this order came from (\\"shopify\\", \\"erp\\")."
    system: String!
    externalId: String!
    number: String!
    status: CommerceOrderStatus!
    "The platform's own status text."
    rawStatus: String!
    placedAt: String
    updatedAt: String
    email: String
    phone: String
    total: CommerceMoney
    lineItems: [CommerceLineItem!]!
    shipments: [CommerceShipment!]!
    note: String
    tags: [String!]!
    adminUrl: String
  }

  enum CommerceSourceStatus {
    OK
    ERROR
    NOT_LINKED
    UNSUPPORTED
  }

  "A source that could not answer. code is UPSTREAM_UNAVAILABLE; reason says why (timeout, rate_limited, auth, circuit_open...)."
  type CommerceSourceError {
    system: String!
    code: String!
    reason: String!
    message: String!
    retryAfter: Int
  }

  type CommerceSource {
    system: String!
    platform: String!
    status: CommerceSourceStatus!
    matchedBy: String
    count: Int!
    hasMore: Boolean!
    error: CommerceSourceError
  }

  "Orders merged across systems. Check errors/sources: an empty list with errors is NOT 'no orders'."
  type CommerceOrderList {
    nodes: [CommerceOrder!]!
    sources: [CommerceSource!]!
    errors: [CommerceSourceError!]!
    "True when every source answered."
    complete: Boolean!
  }

  type CommerceSku {
    system: String!
    externalId: String!
    sku: String!
    title: String!
    productTitle: String
    price: CommerceMoney
    inventory: Int
  }

  type CommerceSkuList {
    nodes: [CommerceSku!]!
    sources: [CommerceSource!]!
    errors: [CommerceSourceError!]!
    complete: Boolean!
  }

  type CommerceTicket {
    system: String!
    externalId: String!
    "TICKET on platforms with after-sales cases, NOTE where it became an order note."
    kind: String!
    orderExternalId: String
    subject: String
    body: String!
    status: String
    createdAt: String
  }

  type CommerceCustomerLink {
    system: String!
    externalId: String!
    matchedBy: String!
    createdAt: String!
  }

  input CreateCommerceTicketInput {
    system: String!
    orderId: ID
    customerId: ID
    subject: String
    body: String!
  }

  extend type Customer {
    orders(first: Int = 10): CommerceOrderList!
    commerceLinks: [CommerceCustomerLink!]!
  }

  extend type Conversation {
    customerOrders(first: Int = 10): CommerceOrderList!
  }

  "An order changed in a shop system (from its webhook)."
  type CommerceOrderUpdate {
    system: String!
    orderId: String!
    status: String!
    customerExternalId: String
    "Keeper customers linked to the order's platform customer."
    customerIds: [ID!]!
    at: DateTime!
  }

  extend type Subscription {
    "Order updates as the shop systems report them (agents only)."
    orderUpdated: CommerceOrderUpdate!
  }

  extend type Query {
    "One order by platform id, or by the number the shopper typed (\\"#1001\\")."
    order(system: String!, id: ID, number: String): CommerceOrder
    productBySku(sku: String!, system: String): CommerceSkuList!
    commerceSystems: [CommerceSource!]!
  }

  extend type Mutation {
    createTicket(input: CreateCommerceTicketInput!): CommerceTicket!
    linkCommerceCustomer(customerId: ID!, system: String!, externalId: String!): [CommerceCustomerLink!]!
    unlinkCommerceCustomer(customerId: ID!, system: String!, externalId: String!): [CommerceCustomerLink!]!
  }
`;
