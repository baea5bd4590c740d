import { describe, expect, it } from 'vitest';
import { heapFlagsFor } from './heap.js';

describe('heapFlagsFor', () => {
  it('gives `keeper start` a 32 MB semi-space by default, and nothing to other commands', () => {
    expect(heapFlagsFor(['start'], [], {})).toEqual(['--max-semi-space-size=32']);
    expect(heapFlagsFor(['start', '--workers', '2'], [], { KEEPER_SEMI_SPACE_MB: '128' })).toEqual(['--max-semi-space-size=128']);
    expect(heapFlagsFor(['doctor'], [], {})).toBeNull();
  });

  it('leaves the process alone when the operator chose, when told to, or once re-executed', () => {
    expect(heapFlagsFor(['start'], ['--max-semi-space-size=32'], {})).toBeNull();
    expect(heapFlagsFor(['start'], [], { NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=8' })).toBeNull();
    expect(heapFlagsFor(['start'], [], { KEEPER_SEMI_SPACE_MB: '0' })).toBeNull();
    expect(heapFlagsFor(['start'], [], { KEEPER_RESPAWNED: '1' })).toBeNull();
  });

  it('refuses a value that is not a size, naming the variable', () => {
    expect(() => heapFlagsFor(['start'], [], { KEEPER_SEMI_SPACE_MB: 'lots' })).toThrow(/KEEPER_SEMI_SPACE_MB must be a whole number.*"lots"/);
    expect(() => heapFlagsFor(['start'], [], { KEEPER_SEMI_SPACE_MB: '4096' })).toThrow(/KEEPER_SEMI_SPACE_MB/);
  });
});
