export type { Greeting, GreetingDraft } from './hooks.js';
export { type HelloOptions, helloPlugin } from './plugin.js';
