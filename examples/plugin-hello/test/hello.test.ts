import { definePlugin, type MessageDraft } from '@keeper/sdk';
import { collect, createTestPlatform, type TestPlatform } from '@keeper/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { helloPlugin } from '../src/index.js';

let platform: TestPlatform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

/** A second plugin that uses the hook hello declares: it compiles only because of the augmentation. */
const politePlugin = definePlugin({
  name: 'polite',
  version: '1.0.0',
  core: '*',
  create: () => ({
    dependsOn: ['@keeper-examples/plugin-hello'],
    interceptors: { 'hello.beforeGreet': (draft) => ({ ...draft, text: `${draft.text} Nice to meet you.` }) },
  }),
});

describe('hello plugin', () => {
  it('extends the schema with its options applied', async () => {
    platform = await createTestPlatform({ plugins: [helloPlugin({ greeting: '你好' })] });
    expect((await platform.gql('{ hello(name: "Ada") }')).data).toEqual({ hello: '你好, Ada!' });
    expect((await fetch(`${platform.url}/hello/stats`)).status).toBe(200);
  });

  it('runs its own hook, publishes to subscribers and emits its event', async () => {
    const greeted: string[] = [];
    const listener = definePlugin({
      name: 'listener',
      version: '1.0.0',
      core: '*',
      create: () => ({ events: { 'hello.greeted': ({ greeting }) => void greeted.push(greeting.text) } }),
    });
    platform = await createTestPlatform({ plugins: [helloPlugin(), politePlugin(), listener()] });
    const sub = collect<{ greeted: { text: string } }>(platform.ws(), { query: 'subscription { greeted { text at } }' });
    await expect
      .poll(async () => {
        await platform!.gql('mutation { greet(name: "Lin") { text } }');
        return sub.values.length;
      })
      .toBeGreaterThan(0);
    expect(sub.values[0]?.data?.greeted.text).toBe('Hello, Lin! Nice to meet you.');
    await platform.platform.hooks.drain();
    expect(greeted[0]).toBe('Hello, Lin! Nice to meet you.');
  });

  it('refuses bad input with BAD_USER_INPUT naming the field', async () => {
    platform = await createTestPlatform({ plugins: [helloPlugin({ maxNameLength: 3 })] });
    const result = await platform.gql('mutation { greet(name: "Too long") { text } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
  });

  it('annotates friendly messages and counts created ones', async () => {
    platform = await createTestPlatform({ plugins: [helloPlugin()] });
    const draft: MessageDraft = { conversationId: 'c', authorType: 'customer', authorId: null, body: 'hi, is this in stock?', annotations: {}, clientMessageId: null };
    const result = await platform.platform.hooks.intercept('message.beforeCreate', draft, { kind: 'anonymous' });
    expect(result.annotations).toEqual({ hello: { friendly: true } });
  });

  it('fails at construction with the plugin name and option path', () => {
    expect(() => helloPlugin({ greeting: '' })).toThrow(/@keeper-examples\/plugin-hello[\s\S]*greeting/);
    // @ts-expect-error -- unknown option
    expect(() => helloPlugin({ greting: 'typo' })).toThrow(/greting/);
  });
});
