/**
 * Admin GraphQL documents. Named operations so logs and the fake server can tell them apart; line
 * items are capped per order to keep the calculated cost of a list page predictable.
 */
const ORDER_FIELDS = /* GraphQL */ `
  id
  name
  createdAt
  updatedAt
  email
  phone
  cancelledAt
  closed
  displayFinancialStatus
  displayFulfillmentStatus
  note
  tags
  customer { id }
  totalPriceSet { shopMoney { amount currencyCode } }
  lineItems(first: $lines) {
    nodes {
      sku
      title
      variantTitle
      quantity
      originalUnitPriceSet { shopMoney { amount currencyCode } }
      originalTotalSet { shopMoney { amount currencyCode } }
    }
  }
  fulfillments(first: 10) {
    status
    displayStatus
    createdAt
    trackingInfo(first: 5) { company number url }
  }
  shippingAddress { name phone address1 address2 city province zip countryCodeV2 }
`;

export const ORDERS_QUERY = /* GraphQL */ `
  query KeeperOrders($first: Int!, $after: String, $query: String, $lines: Int!) {
    orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT, reverse: true) {
      nodes { ${ORDER_FIELDS} }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const ORDER_QUERY = /* GraphQL */ `
  query KeeperOrder($id: ID!, $lines: Int!) {
    order(id: $id) { ${ORDER_FIELDS} }
  }
`;

export const CUSTOMERS_QUERY = /* GraphQL */ `
  query KeeperCustomers($query: String!) {
    customers(first: 5, query: $query) {
      nodes { id email phone displayName createdAt }
    }
  }
`;

export const CUSTOMER_QUERY = /* GraphQL */ `
  query KeeperCustomer($id: ID!) {
    customer(id: $id) { id email phone displayName createdAt }
  }
`;

export const VARIANTS_QUERY = /* GraphQL */ `
  query KeeperVariants($query: String!) {
    shop { currencyCode }
    productVariants(first: 10, query: $query) {
      nodes { id sku title price inventoryQuantity product { id title } }
    }
  }
`;

export const PRODUCTS_QUERY = /* GraphQL */ `
  query KeeperProducts($query: String!) {
    shop { currencyCode }
    products(first: 10, query: $query) {
      nodes { id title variants(first: 20) { nodes { id sku title price inventoryQuantity } } }
    }
  }
`;

const CATALOG_VARIANT_FIELDS = /* GraphQL */ `
  id
  sku
  title
  price
  inventoryQuantity
  selectedOptions { name value }
`;

/**
 * Active products in id order (stable under concurrent edits, unlike UPDATED_AT), each with its
 * first `$variants` variants; products with more are completed with KeeperProductVariants.
 */
export const CATALOG_QUERY = /* GraphQL */ `
  query KeeperCatalog($first: Int!, $after: String, $query: String, $variants: Int!) {
    shop { currencyCode }
    products(first: $first, after: $after, query: $query, sortKey: ID) {
      nodes {
        id
        title
        vendor
        productType
        updatedAt
        category { name fullName }
        variants(first: $variants) {
          nodes { ${CATALOG_VARIANT_FIELDS} }
          pageInfo { hasNextPage endCursor }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export const PRODUCT_VARIANTS_QUERY = /* GraphQL */ `
  query KeeperProductVariants($id: ID!, $variants: Int!, $after: String) {
    product(id: $id) {
      variants(first: $variants, after: $after) {
        nodes { ${CATALOG_VARIANT_FIELDS} }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

export const ORDER_NOTE_QUERY = /* GraphQL */ `
  query KeeperOrderNote($id: ID!) {
    order(id: $id) { id note }
  }
`;

export const ORDER_UPDATE_MUTATION = /* GraphQL */ `
  mutation KeeperOrderNote($input: OrderInput!) {
    orderUpdate(input: $input) {
      order { id note updatedAt }
      userErrors { field message }
    }
  }
`;

/** Rough calculated-cost estimates per operation; the limiter corrects itself from `extensions.cost`. */
export function estimateCost(
  operation: 'orders' | 'order' | 'customers' | 'variants' | 'products' | 'note' | 'update' | 'catalog' | 'productVariants',
  pageSize = 10,
  lines = 10,
): number {
  switch (operation) {
    // Connection = 2 + first × node; a product node is itself, its category and its variant connection.
    case 'catalog':
      return 3 + pageSize * (4 + lines * 2);
    case 'productVariants':
      return 3 + lines * 2;
    case 'orders':
      return 2 + pageSize * (4 + lines);
    case 'order':
      return 4 + lines;
    case 'customers':
      return 7;
    case 'variants':
      return 13;
    case 'products':
      return 2 + 10 * 22;
    case 'note':
      return 1;
    case 'update':
      return 10;
  }
}
