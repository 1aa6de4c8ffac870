import { describe, expect, it } from 'vitest';
import { Recorder } from '../recorder.js';
import { policyCostVerdict, policyRatios } from './policy-cost.js';

const OPS = { unit: 'ops/s', better: 'higher' } as const;

function recorder(getPolicy: number): Recorder {
  const r = new Recorder();
  r.add('PUT 4 KiB c=16', OPS, 'strata', 400);
  r.add('PUT 4 KiB c=16', OPS, 'strata-policy', 380);
  r.add('PUT 4 KiB c=16', OPS, 'raw', 1500);
  r.add('GET 4 KiB c=16', OPS, 'strata', 1000);
  r.add('GET 4 KiB c=16', OPS, 'strata-policy', getPolicy);
  r.add('GET 4 KiB c=16 p50', { unit: 'ms', better: 'lower' }, 'strata', 10);
  r.add('GET 4 KiB c=16 p50', { unit: 'ms', better: 'lower' }, 'strata-policy', 30);
  r.add('HEAD 4 KiB c=16', OPS, 'strata', 1200);
  r.add('HEAD 4 KiB c=16', OPS, 'strata-policy', 1200);
  r.add('DELETE 4 KiB c=16', OPS, 'strata', 800);
  r.add('DELETE 4 KiB c=16', OPS, 'strata-policy', 760);
  r.add('GET 64 KiB c=16', OPS, 'strata', 500);
  r.add('GET 64 KiB c=16', OPS, 'strata-policy', 100);
  return r;
}

describe('policyCostVerdict', () => {
  it('states strata-policy ÷ strata on the 4 KiB ops/s rows and passes at ≥ 0.9×', () => {
    const r = recorder(950);
    expect(policyRatios(r.rows(), 'GET')).toEqual([{ case: 'GET 4 KiB c=16', ratio: 0.95 }]);
    const verdict = policyCostVerdict(r.rows(), r.noise());
    expect(verdict?.pass).toBe(true);
    expect(verdict?.exitNonZero).toBe(false);
    expect(verdict?.text).toMatch(
      /^bucket policy cost on 4 KiB GET: strata-policy ÷ strata = 0\.950× \(aim ≥ 0\.9×\); /,
    );
    expect(verdict?.text).toContain(
      'GET c=16 0.950×; PUT c=16 0.950×; HEAD c=16 1.000×; DELETE c=16 0.950×',
    );
    // 0.9× itself meets the aim.
    expect(policyCostVerdict(recorder(900).rows(), [])?.pass).toBe(true);
  });

  it('fails below the aim, judged on the worst concurrency, and says when noise is wider', () => {
    const r = recorder(950);
    r.add('GET 4 KiB c=64', OPS, 'strata', 2000);
    r.add('GET 4 KiB c=64', OPS, 'strata-policy', 1700);
    r.addNoise('GET 4 KiB c=16', 'ops/s', 'strata', 800);
    const verdict = policyCostVerdict(r.rows(), r.noise());
    expect(verdict?.pass).toBe(false);
    expect(verdict?.text).toContain('strata-policy ÷ strata = 0.850× (aim ≥ 0.9×)');
    expect(verdict?.text).toContain('GET c=16 0.950×, c=64 0.850×');
    expect(verdict?.text).toContain(
      "strata's own GET measured twice: 22.2% apart, wider than the 10% the aim allows",
    );
  });

  it('has no verdict without both Stratas on a 4 KiB GET row', () => {
    const r = new Recorder();
    r.add('GET 4 KiB c=16', OPS, 'strata', 1000);
    r.add('GET 64 KiB c=16', OPS, 'strata-policy', 1000);
    expect(policyCostVerdict(r.rows(), [])).toBeUndefined();
  });
});
