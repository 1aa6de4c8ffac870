import { describe, expect, it } from 'vitest';
import { createRandom } from './random.js';
import { SlotState, UNKNOWN } from './slot-state.js';

function state(): SlotState {
  const s = new SlotState(3, 's/c1/');
  s.set(0, { kind: 'present', fingerprint: { size: 10, crc: 1 } });
  s.set(1, UNKNOWN);
  return s;
}

describe('SlotState.checkListing', () => {
  it('accepts the known keys, and either outcome for a key in doubt', () => {
    expect(() => state().checkListing(new Map([['s/c1/k0', 10]]))).not.toThrow();
    const both = new Map([
      ['s/c1/k0', 10],
      ['s/c1/k1', 5],
    ]);
    expect(() => state().checkListing(both)).not.toThrow();
  });

  it.each([
    ['a missing key', new Map<string, number>(), /s\/c1\/k0 missing/],
    ['a stale size', new Map([['s/c1/k0', 11]]), /k0 11 bytes, expected 10 bytes/],
    [
      'a deleted key',
      new Map([
        ['s/c1/k0', 10],
        ['s/c1/k2', 1],
      ]),
      /k2 listed \(1 bytes\) after its DELETE/,
    ],
    [
      "another client's key",
      new Map([
        ['s/c1/k0', 10],
        ['s/c1/k7', 1],
      ]),
      /s\/c1\/k7 listed under s\/c1\//,
    ],
  ])('reports %s', (_, listed, message) => {
    expect(() => state().checkListing(listed)).toThrow(message);
  });

  it('picks only slots of the asked kinds', () => {
    const random = createRandom(5);
    for (let i = 0; i < 20; i++) expect(state().pickPresent(random)?.index).toBe(0);
    expect(new SlotState(2, 'p/').pick(random, ['present'])).toBeUndefined();
  });
});
