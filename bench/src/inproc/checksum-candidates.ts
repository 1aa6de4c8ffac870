import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { createChecksum, type ChecksumAlgorithm } from '@strata/checksums';

/** One way to compute a CRC over a stream of updates. */
export type Candidate = {
  readonly algorithm: ChecksumAlgorithm;
  /** Package and function, as the table shows it. */
  readonly name: string;
  /** A fresh running checksum: `update` per piece, `finish` returns the big-endian hex value. */
  start(): { update(data: Uint8Array): void; finish(): Promise<string> | string };
};

type NodeRs = {
  crc32(data: Uint8Array, initial?: number): number;
  crc32c(data: Uint8Array, initial?: number): number;
};
type Crt = new () => { update(data: Uint8Array): void; digest(): Promise<Uint8Array> };

const hex32 = (crc: number): string => (crc >>> 0).toString(16).padStart(8, '0');
const hexOf = (b64: string): string => Buffer.from(b64, 'base64').toString('hex');

/**
 * The packages compared with `createChecksum` are `@strata/checksums`' own dependencies
 * (`@node-rs/crc32`) and test oracles (`@aws-crypto/crc32c`, `@aws-sdk/crc64-nvme-crt`), so they
 * are loaded from that package's directory: the bench measures exactly what it ships and tests
 * against, without a second copy to keep in step. A candidate that does not load is left out
 * (returned in `missing`) rather than failing the scenario.
 */
export function loadCandidates(): { candidates: Candidate[]; missing: string[] } {
  const require = createRequire(fileURLToPath(import.meta.resolve('@strata/checksums')));
  const missing: string[] = [];
  const load = <T>(name: string): T | undefined => {
    try {
      return require(name) as T;
    } catch {
      missing.push(name);
      return undefined;
    }
  };
  const rs = load<NodeRs>('@node-rs/crc32');
  const awsCrc32c = load<{ Crc32c: new () => { update(d: Uint8Array): void; digest(): number } }>(
    '@aws-crypto/crc32c',
  );
  const crt = load<{ CrtCrc64Nvme: Crt }>('@aws-sdk/crc64-nvme-crt')?.CrtCrc64Nvme;

  const running = (fn: (data: Uint8Array, crc: number) => number) => () => {
    let crc = 0;
    return {
      update: (data: Uint8Array) => {
        crc = fn(data, crc);
      },
      finish: () => hex32(crc),
    };
  };
  const viaChecksum = (algorithm: ChecksumAlgorithm, native: boolean) => () => {
    const sum = createChecksum(algorithm, { native });
    return { update: (d: Uint8Array) => sum.update(d), finish: () => hexOf(sum.digest()) };
  };
  const candidates: Candidate[] = [
    { algorithm: 'CRC32', name: 'node:zlib crc32', start: running((d, c) => crc32(d, c)) },
    {
      algorithm: 'CRC32C',
      name: 'JavaScript slicing-by-8 (bundled)',
      start: viaChecksum('CRC32C', false),
    },
    {
      algorithm: 'CRC64NVME',
      name: 'JavaScript slicing-by-8 (bundled)',
      start: viaChecksum('CRC64NVME', false),
    },
  ];
  if (rs) {
    candidates.push(
      {
        algorithm: 'CRC32',
        name: '@node-rs/crc32 crc32 (N-API)',
        start: running((d, c) => rs.crc32(d, c)),
      },
      {
        algorithm: 'CRC32C',
        name: '@node-rs/crc32 crc32c (N-API)',
        start: running((d, c) => rs.crc32c(d, c)),
      },
    );
  }
  if (awsCrc32c) {
    const { Crc32c } = awsCrc32c;
    candidates.push({
      algorithm: 'CRC32C',
      name: '@aws-crypto/crc32c (JavaScript, byte at a time)',
      start: () => {
        const sum = new Crc32c();
        return { update: (d) => sum.update(d), finish: () => hex32(sum.digest()) };
      },
    });
  }
  if (crt) {
    candidates.push({
      algorithm: 'CRC64NVME',
      name: '@aws-sdk/crc64-nvme-crt (AWS CRT, N-API)',
      start: () => {
        const sum = new crt();
        return {
          update: (d) => sum.update(d),
          finish: async () => Buffer.from(await sum.digest()).toString('hex'),
        };
      },
    });
  }
  return { candidates, missing };
}
