/**
 * This plugin's own hooks, declared by module augmentation: other plugins can intercept a greeting
 * before it is sent and react to it afterwards, with full types.
 */
export interface GreetingDraft {
  name: string;
  text: string;
}

export interface Greeting extends GreetingDraft {
  at: Date;
}

declare module '@keeper/sdk' {
  interface InterceptorMap {
    'hello.beforeGreet': GreetingDraft;
  }
  interface EventMap {
    'hello.greeted': { greeting: Greeting };
  }
}
