import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSchema } from './compose.js';

describe('composeSchema', () => {
  it('merges plugin extensions into the base schema and adds roots only when extended', () => {
    const { schema } = composeSchema([
      { owner: 'a', schema: 'type Greeting { text: String! } extend type Query { greeting: Greeting }' },
      { owner: 'b', schema: 'extend type Mutation { greet(name: String!): Greeting! } extend type Greeting { lang: String }' },
    ]);
    const sdl = printSchema(schema);
    expect(sdl).toContain('greeting: Greeting');
    expect(sdl).toMatch(/type Greeting \{\s+text: String!\s+lang: String\s+\}/);
    expect(schema.getMutationType()?.getFields().greet).toBeDefined();
    expect(schema.getSubscriptionType()).toBeUndefined();
  });

  it('names both plugins when two define the same type', () => {
    expect(() =>
      composeSchema([
        { owner: '@acme/orders', schema: 'type Order { id: ID! }' },
        { owner: '@other/orders', schema: 'type Order { id: ID! }' },
      ]),
    ).toThrow('GraphQL type "Order" is defined by both "@acme/orders" and "@other/orders"');
  });

  it('names both owners when two add the same field', () => {
    expect(() =>
      composeSchema([
        { owner: 'p1', schema: 'extend type Query { orders: [String] }' },
        { owner: 'p2', schema: 'extend type Query { orders: [String] }' },
      ]),
    ).toThrow('field "Query.orders" is defined by both "p1" and "p2"');
    expect(() => composeSchema([{ owner: 'p1', schema: 'extend type Query { keeper: String }' }])).toThrow(
      'defined by both "@keeper/core" and "p1"',
    );
  });

  it('names both owners when two resolve the same field', () => {
    expect(() =>
      composeSchema([
        { owner: 'p1', schema: 'extend type Query { x: Int }', resolvers: { Query: { x: () => 1 } } },
        { owner: 'p2', schema: '', resolvers: { Query: { x: () => 2 } } },
      ]),
    ).toThrow('resolver for "Query.x" is defined by both "p1" and "p2"');
  });

  it('reports a syntax error with the plugin name', () => {
    expect(() => composeSchema([{ owner: 'broken', schema: 'extend type Query { x: }' }])).toThrow(/schema of "broken" is invalid/);
  });

  it('reports an invalid merged schema', () => {
    expect(() => composeSchema([{ owner: 'p', schema: 'extend type Query { x: Missing }' }])).toThrow(/Unknown type "Missing"/);
  });
});
