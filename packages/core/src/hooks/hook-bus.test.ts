import { ContentRejectedError, type MessageDraft } from '@keeper/sdk';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { KeeperHookBus } from './hook-bus.js';

const logger = pino({ level: 'silent' });
const actor = { kind: 'anonymous' } as const;
const draft = (body: string): MessageDraft => ({ conversationId: 'c', authorType: 'customer', authorId: null, body, annotations: {}, clientMessageId: null });

describe('KeeperHookBus', () => {
  it('runs interceptors by order then registration, each seeing the previous result', async () => {
    const bus = new KeeperHookBus(logger, 100);
    bus.addInterceptor('late', 'message.beforeCreate', (d) => ({ ...d, body: `${d.body}-late` }), { order: 10 });
    bus.addInterceptor('first', 'message.beforeCreate', (d) => ({ ...d, body: `${d.body}-first` }));
    bus.addInterceptor('second', 'message.beforeCreate', () => undefined);
    bus.addInterceptor('early', 'message.beforeCreate', (d) => ({ ...d, body: `${d.body}-early` }), { order: -1 });
    expect((await bus.intercept('message.beforeCreate', draft('x'), actor)).body).toBe('x-early-first-late');
  });

  it('passes a rejection through with its code and stops the chain', async () => {
    const bus = new KeeperHookBus(logger, 100);
    let ranAfter = false;
    bus.addInterceptor('filter', 'message.beforeCreate', () => {
      throw new ContentRejectedError('no');
    });
    bus.addInterceptor('after', 'message.beforeCreate', (d) => {
      ranAfter = true;
      return d;
    });
    await expect(bus.intercept('message.beforeCreate', draft('x'), actor)).rejects.toMatchObject({ code: 'CONTENT_REJECTED' });
    expect(ranAfter).toBe(false);
  });

  it('aborts and rejects an interceptor past its budget', async () => {
    const bus = new KeeperHookBus(logger, 30);
    let aborted = false;
    bus.addInterceptor('slow', 'message.beforeCreate', (_d, { signal }) => new Promise((resolve) => signal.addEventListener('abort', () => {
      aborted = true;
      resolve(undefined);
    })));
    await expect(bus.intercept('message.beforeCreate', draft('x'), actor)).rejects.toMatchObject({
      code: 'INTERCEPTOR_TIMEOUT',
      message: expect.stringContaining('"slow" did not answer within 30 ms'),
    });
    expect(aborted).toBe(true);
  });

  it('treats async answers like sync ones: a rejection keeps its code, anything else thrown becomes INTERCEPTOR_FAILED', async () => {
    const bus = new KeeperHookBus(logger, 1000);
    bus.addInterceptor('async', 'message.beforeCreate', async (d) => ({ ...d, body: `${d.body}-async` }));
    bus.addInterceptor('sync', 'message.beforeCreate', (d, { signal }) => ({ ...d, body: `${d.body}-sync-${signal.aborted}` }));
    expect((await bus.intercept('message.beforeCreate', draft('x'), actor)).body).toBe('x-async-sync-false');

    const rejecting = new KeeperHookBus(logger, 1000);
    rejecting.addInterceptor('filter', 'message.beforeCreate', async () => {
      throw new ContentRejectedError('no');
    });
    await expect(rejecting.intercept('message.beforeCreate', draft('x'), actor)).rejects.toMatchObject({ code: 'CONTENT_REJECTED' });

    for (const failing of [
      () => {
        throw new Error('sync bug');
      },
      async () => {
        throw new Error('async bug');
      },
    ]) {
      const bus2 = new KeeperHookBus(logger, 1000);
      bus2.addInterceptor('buggy', 'message.beforeCreate', failing);
      await expect(bus2.intercept('message.beforeCreate', draft('x'), actor)).rejects.toMatchObject({
        code: 'INTERCEPTOR_FAILED',
        message: expect.stringContaining('"buggy" failed'),
      });
    }
  });

  it('runs the events of a turn in emit order on the next, and drain waits for async handlers and events they emit', async () => {
    const bus = new KeeperHookBus(logger, 100);
    const seen: string[] = [];
    // One timer for all three slow calls: separate ones could fire in different loop turns on a slow machine, and
    // the event 'a' emits would then run between them.
    let gate: Promise<unknown> | undefined;
    bus.addHandler('p', 'agent.presenceChanged', async (e) => {
      gate ??= new Promise((r) => setTimeout(r, 5));
      await gate;
      seen.push(`slow ${e.agentId}`);
      if (e.agentId === 'a') bus.emit('agent.presenceChanged', { agentId: 'from-handler', status: 'away' });
    });
    bus.addHandler('q', 'agent.presenceChanged', (e) => void seen.push(e.agentId));
    for (const agentId of ['a', 'b', 'c']) bus.emit('agent.presenceChanged', { agentId, status: 'online' });
    expect(seen).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(seen).toEqual(['a', 'b', 'c']);
    await bus.drain();
    expect(seen).toEqual(['a', 'b', 'c', 'slow a', 'slow b', 'slow c', 'from-handler', 'slow from-handler']);
  });

  it('runs event handlers after the emitter returns, isolated from each other', async () => {
    const bus = new KeeperHookBus(logger, 100);
    const seen: string[] = [];
    bus.addHandler('bad', 'agent.presenceChanged', () => {
      throw new Error('bad handler');
    });
    bus.addHandler('async-bad', 'agent.presenceChanged', async () => {
      throw new Error('bad async handler');
    });
    const off = bus.addHandler('good', 'agent.presenceChanged', (e) => void seen.push(e.status));
    bus.emit('agent.presenceChanged', { agentId: 'a', status: 'online' });
    expect(seen).toEqual([]);
    await bus.drain();
    expect(seen).toEqual(['online']);
    off();
    bus.emit('agent.presenceChanged', { agentId: 'a', status: 'away' });
    await bus.drain();
    expect(seen).toEqual(['online']);
  });
});
