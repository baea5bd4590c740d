import { describe, expect, it } from 'vitest';
import { heapFlagsFor } from './heap.js';

describe('heapFlagsFor', () => {
  it('gives `keeper start` a 32 MB semi-space and no pretenuring by default, and nothing to other commands', () => {
    expect(heapFlagsFor(['start'], [], {})).toEqual(['--max-semi-space-size=32', '--no-allocation-site-pretenuring']);
    expect(heapFlagsFor(['start', '--workers', '2'], [], { KEEPER_SEMI_SPACE_MB: '128' })).toEqual([
      '--max-semi-space-size=128',
      '--no-allocation-site-pretenuring',
    ]);
    expect(heapFlagsFor(['doctor'], [], {})).toBeNull();
  });

  it('leaves each flag alone when the operator chose it or was told to, and the process alone once re-executed', () => {
    expect(heapFlagsFor(['start'], ['--max-semi-space-size=32'], {})).toEqual(['--no-allocation-site-pretenuring']);
    expect(heapFlagsFor(['start'], [], { NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=8' })).toEqual([
      '--no-allocation-site-pretenuring',
    ]);
    expect(heapFlagsFor(['start'], [], { KEEPER_SEMI_SPACE_MB: '0' })).toEqual(['--no-allocation-site-pretenuring']);
    expect(heapFlagsFor(['start'], ['--allocation-site-pretenuring'], {})).toEqual(['--max-semi-space-size=32']);
    expect(heapFlagsFor(['start'], [], { NODE_OPTIONS: '--no-allocation-site-pretenuring', KEEPER_SEMI_SPACE_MB: '0' })).toBeNull();
    expect(heapFlagsFor(['start'], [], { KEEPER_RESPAWNED: '1' })).toBeNull();
  });

  it('refuses a value that is not a size, naming the variable', () => {
    expect(() => heapFlagsFor(['start'], [], { KEEPER_SEMI_SPACE_MB: 'lots' })).toThrow(/KEEPER_SEMI_SPACE_MB must be a whole number.*"lots"/);
    expect(() => heapFlagsFor(['start'], [], { KEEPER_SEMI_SPACE_MB: '4096' })).toThrow(/KEEPER_SEMI_SPACE_MB/);
  });
});
