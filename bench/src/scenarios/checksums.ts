import type { Scenario } from './scenario.js';

/**
 * In-process: MiB/s of every implementation candidate of the S3 CRC checksums over the same
 * bytes, side by side in one run, next to `createChecksum` of `@strata/checksums` as shipped
 * (an implementation other than plain JavaScript is worth adopting only where it is clearly
 * faster: this measures it). One row per candidate: `raw` is the candidate alone, `strata` is
 * `createChecksum(algorithm)` measured in the same repeat.
 */
export const checksums: Scenario = {
  name: 'checksums',
  title: 'Checksums: CRC32, CRC32C and CRC64NVME implementation candidates, in-process',
  targets: [],
  inProcess: [
    { name: 'strata', description: '@strata/checksums createChecksum(algorithm), as shipped' },
    {
      name: 'raw',
      description:
        'the candidate named in the row, called directly: node:zlib, @node-rs/crc32, the bundled JavaScript tables, @aws-crypto/crc32c, @aws-sdk/crc64-nvme-crt',
    },
  ],
  async run(ctx) {
    const { runChecksums } = await import('../inproc/run-checksums.js');
    await runChecksums(ctx);
  },
};
