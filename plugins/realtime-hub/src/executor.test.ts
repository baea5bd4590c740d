import { buildSchema, GraphQLError, type GraphQLObjectType, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { Executor } from './executor.js';

function schema() {
  const s = buildSchema(`
    type Query { hello(name: String!): String!, forbidden: String, missing: String }
    type Message { seq: Int!, body: String! }
    type Subscription { messageAdded(conversationId: ID!): Message! }
  `);
  const fields = (s.getType('Query') as GraphQLObjectType).getFields();
  fields.hello!.resolve = (_root, args: { name: string }, ctx: { greeting: string }) => `${ctx.greeting} ${args.name}`;
  fields.forbidden!.resolve = () => {
    throw new GraphQLError('Not yours', { extensions: { code: 'FORBIDDEN' } });
  };
  // Keeper's errors are plain Errors carrying `extensions` (KeeperError): the code must reach the client.
  fields.missing!.resolve = () => {
    throw Object.assign(new Error('No such order'), { extensions: { code: 'NOT_FOUND', id: 'o1' } });
  };
  return s;
}

describe('Executor', () => {
  it('answers the same before and after an operation is compiled: data, variables, errors with their codes', async () => {
    const executor = new Executor(schema(), 3);
    const document = parse('query Q($n: String!) { hello(name: $n) forbidden missing }');
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await executor.execute(document, 'Q', undefined, { greeting: 'hi' }, { n: `s${i}` }));
    results.forEach((result, i) => {
      expect(result.data).toEqual({ hello: `hi s${i}`, forbidden: null, missing: null });
      expect(result.errors?.map((e) => ({ message: e.message, path: e.path, extensions: e.extensions }))).toEqual([
        { message: 'Not yours', path: ['forbidden'], extensions: { code: 'FORBIDDEN' } },
        { message: 'No such order', path: ['missing'], extensions: { code: 'NOT_FOUND', id: 'o1' } },
      ]);
    });
    expect(executor.compiled).toBe(1);
    // Bad variables are an error result, compiled or not.
    const bad = await executor.execute(document, 'Q', undefined, { greeting: 'hi' }, {});
    expect(bad.errors?.[0]?.message).toMatch(/\$n/);
  });

  it("executes a subscription's event (the root value) the way graphql-js does", async () => {
    const executor = new Executor(schema(), 1);
    const document = parse('subscription { messageAdded(conversationId: "c1") { seq body } }');
    const event = { messageAdded: { seq: 7, body: 'hello', extra: 'not selected' } };
    expect(await executor.execute(document, undefined, event, {}, undefined)).toEqual({ data: { messageAdded: { seq: 7, body: 'hello' } } });
    expect(executor.compiled).toBe(1);
  });
});
