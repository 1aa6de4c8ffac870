import { describe, expect, it } from 'vitest';
import { Recorder } from '../recorder.js';
import type { PhaseSample } from './path-sample.js';
import type { PutGetSample } from './path-transfers.js';
import { ratioRow, recordPair, type PairKind } from './record-paths.js';

const MiB = 2 ** 20;
const large: PairKind = { kind: 'large', label: '256 MiB', size: 256 * MiB, aim: 0.8 };

function phase(wallS: number, serverCpuS = 1, backendCpuS = serverCpuS): PhaseSample {
  return { wallS, clientCpuS: 0.1, serverCpuS, backendCpuS, serverPeakRssMiB: 150 };
}

function sample(putS: number, getS: number): PutGetSample {
  return { put: phase(putS), get: phase(getS), putLatenciesMs: [], getLatenciesMs: [] };
}

describe('recordPair', () => {
  it('takes gateway ÷ direct from the two samples of each repeat', () => {
    const r = new Recorder();
    recordPair(r, 'rgw', large, sample(1, 0.5), sample(2, 0.5), false);
    recordPair(r, 'rgw', large, sample(1, 0.5), sample(1.25, 1), false);
    const rows = new Map(r.rows().map((row) => [row.case, row]));
    expect(rows.get('PUT 256 MiB direct')?.cells.rgw?.median).toBe(256);
    expect(rows.get(ratioRow('PUT', large))?.cells.rgw?.samples).toEqual([0.5, 0.8]);
    expect(rows.get(ratioRow('GET', large))?.cells.rgw?.samples).toEqual([1, 0.5]);
    expect(rows.get('PUT 256 MiB: gateway CPU per GiB')?.cells.rgw?.median).toBe(4);
  });

  it('records a noise repeat as the second series of the ratio, not as a sample', () => {
    const r = new Recorder();
    recordPair(r, 'strata-fs', large, sample(1, 1), sample(2, 1), false);
    recordPair(r, 'strata-fs', large, sample(1, 1), sample(1, 1), true);
    const put = r.noise().find((n) => n.case === ratioRow('PUT', large));
    expect(put?.first.median).toBe(0.5);
    expect(put?.second.median).toBe(1);
    expect(
      r.rows().find((row) => row.case === ratioRow('PUT', large))?.cells['strata-fs']?.samples,
    ).toEqual([0.5]);
  });
});
