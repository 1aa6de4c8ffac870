import type { Scenario } from './scenario.js';

/**
 * Strata as a gateway in front of one S3 backend, against that backend directly, side by side
 * in one run. For each backend server (Ceph RGW when it can run here, and a second Strata on a
 * local directory), a Strata gateway whose strata.yaml has exactly that one `type: s3` backend:
 * (a) one large object PUT and GET, single stream, through the gateway and direct (aim ≥ 0.8);
 * (b) 4 KiB PUT and GET ops/s at c=16 and p50/p99 (aim ≥ 0.5); the gateway's peak RSS.
 * Then `@strata/s3-client` against `@aws-sdk/client-s3` (checksums when required, and the
 * default CRC32) on the same server, with the bench process's CPU per operation.
 */
export const backends: Scenario = {
  name: 'backends',
  title: 'Backends: Strata in front of an S3 backend vs that backend directly; S3 clients',
  targets: ['rgw'],
  ownColumns: [
    {
      name: 'strata-fs',
      description:
        'a second Strata (embedded default: SQLite + local directory) as the S3 backend, started by the scenario',
    },
  ],
  async run(ctx) {
    const { runBackends } = await import('../backends/run-backends.js');
    await runBackends(ctx);
  },
};
