import { graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSchema } from './compose.js';

describe('loaders', () => {
  it('batch one field across a list into one call, per execution', async () => {
    const calls: number[][] = [];
    const { schema, resolvers } = composeSchema([
      {
        owner: 'p',
        schema: 'type Item { id: Int! double: Int! } extend type Query { items: [Item!]! }',
        resolvers: { Query: { items: () => [{ id: 1 }, { id: 2 }, { id: 3 }] } },
        loaders: {
          Item: {
            double: (queries) => {
              calls.push(queries.map((q) => (q.obj as { id: number }).id));
              return queries.map((q) => (q.obj as { id: number }).id * 2);
            },
          },
        },
      },
    ]);
    const fieldResolvers = resolvers as Record<string, Record<string, (...a: unknown[]) => unknown>>;
    for (const [type, fields] of Object.entries(fieldResolvers)) {
      const gqlType = schema.getType(type) as { getFields(): Record<string, { resolve?: unknown }> };
      for (const [field, fn] of Object.entries(fields)) gqlType.getFields()[field]!.resolve = fn;
    }
    const ctx = {};
    const first = await graphql({ schema, source: '{ items { id double } }', contextValue: ctx });
    const second = await graphql({ schema, source: '{ items { double } }', contextValue: ctx });
    expect(first.data).toEqual({ items: [{ id: 1, double: 2 }, { id: 2, double: 4 }, { id: 3, double: 6 }] });
    expect(second.data).toEqual({ items: [{ double: 2 }, { double: 4 }, { double: 6 }] });
    expect(calls).toEqual([[1, 2, 3], [1, 2, 3]]);
  });

  it('refuses a field with both a resolver and a loader', () => {
    expect(() =>
      composeSchema([
        { owner: 'p', schema: 'extend type Query { x: Int }', resolvers: { Query: { x: () => 1 } }, loaders: { Query: { x: (q) => q.map(() => 1) } } },
      ]),
    ).toThrow(/resolver and loader for "Query.x"/);
  });
});
