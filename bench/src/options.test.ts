import { describe, expect, it } from 'vitest';
import { parseCli, USAGE } from './options.js';
import { ALL_SCENARIOS } from './scenarios/all-scenarios.js';
import { TARGET_NAMES } from './targets/target.js';

describe('parseCli --check', () => {
  it('is off by default, with a 10% threshold', () => {
    expect(parseCli(['--quick'], '/r')).toMatchObject({ check: false, checkThresholdPct: 10 });
    expect(parseCli(['--quick', 'small', '--check'], '/r')).toMatchObject({
      check: true,
      checkThresholdPct: 10,
      scenarios: ['small'],
    });
  });

  it('takes --check-threshold in percent, only with --check', () => {
    expect(parseCli(['--check', '--check-threshold', '7.5'], '/r').checkThresholdPct).toBe(7.5);
    expect(() => parseCli(['--check-threshold', '5'], '/r')).toThrow(/needs --check/);
    expect(() => parseCli(['--check', '--check-threshold', '0'], '/r')).toThrow(/positive/);
  });
});

describe('USAGE', () => {
  it('lists every scenario, in the order a full run takes them', () => {
    const listed = /scenarios: ([^(]+)\(default: all\)/.exec(USAGE)?.[1]?.split(/,\s*/);
    expect(listed?.map((s) => s.trim())).toEqual(ALL_SCENARIOS.map((s) => s.name));
  });

  it('lists every target --targets takes, in display order', () => {
    const listed = /--targets LIST +only these servers[^(]*\(([^)]+)\)/
      .exec(USAGE)?.[1]
      ?.split(/,\s*/);
    expect(listed?.map((t) => t.trim())).toEqual([...TARGET_NAMES]);
  });
});
