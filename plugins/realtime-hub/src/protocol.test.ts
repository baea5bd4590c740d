import { describe, expect, it } from 'vitest';
import { closeReason, parseClientMessage } from './protocol.js';

describe('parseClientMessage', () => {
  it('accepts the protocol messages', () => {
    expect(parseClientMessage('{"type":"connection_init","payload":{"a":1}}')).toEqual({ type: 'connection_init', payload: { a: 1 } });
    expect(parseClientMessage('{"type":"subscribe","id":"1","payload":{"query":"{a}","variables":null}}').type).toBe('subscribe');
    expect(parseClientMessage('{"type":"complete","id":"1"}')).toEqual({ type: 'complete', id: '1' });
  });

  it.each([
    ['not json', /JSON/],
    ['[]', /type/],
    ['{"type":"next","id":"1"}', /Unexpected/],
    ['{"type":"subscribe","id":"","payload":{"query":"{a}"}}', /id/],
    ['{"type":"subscribe","id":"1","payload":{"query":1}}', /query/],
    ['{"type":"subscribe","id":"1","payload":{"query":"{a}","variables":[1]}}', /variables/],
    ['{"type":"connection_init","payload":"x"}', /payload/],
  ])('rejects %s', (raw, reason) => {
    expect(() => parseClientMessage(raw)).toThrow(reason);
  });

  it('keeps close reasons within the 123-byte limit', () => {
    expect(Buffer.byteLength(closeReason('é'.repeat(200)))).toBeLessThanOrEqual(123);
  });
});
