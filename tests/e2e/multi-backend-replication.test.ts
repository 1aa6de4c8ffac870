/**
 * Replication over real backends behind proxies the test controls: `sync` tees a PUT to two
 * backends (and with `write_quorum: 1` survives one that does not answer or resets, the
 * replicator making the missing copy once it is back; with quorum 2 it fails and leaves
 * nothing), `async` writes one copy and the replicator makes the other. Copies are checked on the
 * backends themselves, by SHA-256; every PUT that answered 200 reads back byte for byte.
 */
import { describe, expect, it } from 'vitest';
import type { TcpProxy } from '@strata/s3-client/testing';
import type { BackendInspector } from './support/backend-servers.js';
import {
  blackhole,
  blobsOf,
  forward,
  get,
  put,
  refuse,
  useMultiBackend,
} from './support/multi-backend.js';
import {
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from './support/aws-sdk.js';
import { catchS3Error } from './support/s3-client.js';
import { seededBytes, sha256 } from './support/test-data.js';

const MiB = 1024 * 1024;

/** The SHA-256 of each blob of `key` on `backend`, read from the backend itself. */
async function copyHashes(backend: BackendInspector, bucket: string, key: string) {
  const blobs = await blobsOf(backend, bucket, key);
  return Promise.all(blobs.map(async (b) => sha256(await backend.read(b.name))));
}

describe('replication over real backends', () => {
  const env = useMultiBackend({
    backends: [
      { name: 'mirror-strata', server: 'strata' },
      { name: 'mirror-rgw', server: 'rgw' },
      { name: 'lenient-rgw', server: 'rgw' },
      { name: 'lenient-s3rver', server: 's3rver' },
      { name: 'strict-strata', server: 'strata' },
      { name: 'strict-s3rver', server: 's3rver' },
      { name: 'async-disk', server: 'fs' },
      { name: 'async-strata', server: 'strata' },
    ],
    config: {
      // Circuits stay closed here (the faults suite covers them): every write meets the fault.
      breaker: { timeout: '1s', volume_threshold: 1000 },
      workers: { replication_interval: '500ms' },
      buckets: [
        {
          name: 'mirrored',
          backends: ['mirror-strata', 'mirror-rgw'],
          replication: { factor: 2, mode: 'sync' },
        },
        {
          name: 'lenient',
          backends: ['lenient-rgw', 'lenient-s3rver'],
          replication: { factor: 2, mode: 'sync', write_quorum: 1 },
        },
        {
          name: 'strict',
          backends: ['strict-strata', 'strict-s3rver'],
          replication: { factor: 2, mode: 'sync', write_quorum: 2 },
        },
        {
          name: 'later',
          backends: ['async-disk', 'async-strata'],
          replication: { factor: 2, mode: 'async' },
        },
      ],
    },
  });
  /** Every object a PUT answered 200 for: at the end, each must read back exactly. */
  const committed: { bucket: string; key: string; body: Buffer }[] = [];
  const putOk = async (bucket: string, key: string, body: Buffer) => {
    await put(env().client, bucket, key, body);
    committed.push({ bucket, key, body });
  };

  it('sync: a PUT stores the same bytes on both backends', async () => {
    const body = seededBytes('mirrored', 3 * MiB + 11);
    await putOk('mirrored', 'photo.jpg', body);
    for (const name of ['mirror-strata', 'mirror-rgw']) {
      expect(await copyHashes(env().backend(name), 'mirrored', 'photo.jpg')).toEqual([
        sha256(body),
      ]);
    }
  });

  const faults: [string, (proxy: TcpProxy) => void][] = [
    ['never answers', blackhole],
    ['resets every connection', refuse],
  ];
  for (const [fault, inject] of faults) {
    it(`sync, quorum 1: a PUT succeeds while one backend ${fault}; the copy follows`, async () => {
      const key = `doc-${fault.split(' ')[0]}.bin`;
      const body = seededBytes(key, 2 * MiB);
      inject(env().proxy('lenient-s3rver'));
      const started = performance.now();
      try {
        await putOk('lenient', key, body);
        // Failing the copy that is not needed waits at most the first-byte timeout.
        expect(performance.now() - started).toBeLessThan(5_000);
        expect(await copyHashes(env().backend('lenient-rgw'), 'lenient', key)).toEqual([
          sha256(body),
        ]);
        // Nothing is asserted of s3rver's blobs here: the fault resets the reply, not the
        // request, so s3rver may have stored a partial or even a whole leftover of the upload the
        // gateway never heard back from. It is no copy (its intent stays for the reaper, and the
        // replica below writes over the same blob name).
      } finally {
        forward(env().proxy('lenient-s3rver'));
      }
      // The replicator owes the copy: made once the backend answers (a failed try backs off
      // 5–10 s first).
      await expect
        .poll(() => copyHashes(env().backend('lenient-s3rver'), 'lenient', key), {
          timeout: 30_000,
          interval: 250,
        })
        .toEqual([sha256(body)]);
    });
  }

  it('sync, quorum 2: a PUT fails with 503 when one backend does not answer, storing nothing', async () => {
    const body = seededBytes('strict', 2 * MiB);
    blackhole(env().proxy('strict-s3rver'));
    try {
      const failed = await catchS3Error(put(env().client, 'strict', 'contract.pdf', body));
      expect(failed).toMatchObject({ name: 'ServiceUnavailable', status: 503 });
    } finally {
      forward(env().proxy('strict-s3rver'));
    }
    // The copy that was written is deleted again (and the other never completed).
    await expect
      .poll(() => blobsOf(env().backend('strict-strata'), 'strict', 'contract.pdf'), {
        timeout: 5_000,
      })
      .toEqual([]);
    expect(await blobsOf(env().backend('strict-s3rver'), 'strict', 'contract.pdf')).toEqual([]);
    expect((await catchS3Error(get(env().client, 'strict', 'contract.pdf'))).status).toBe(404);
  });

  it('async: a PUT stores one copy and does not wait; the replicator makes the second', async () => {
    const body = seededBytes('later', MiB + 3);
    // The second backend cannot be reached, so no copy can appear there before the check.
    blackhole(env().proxy('async-strata'));
    try {
      const started = performance.now();
      await putOk('later', 'notes.txt', body);
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(await copyHashes(env().backend('async-disk'), 'later', 'notes.txt')).toEqual([
        sha256(body),
      ]);
      expect(await blobsOf(env().backend('async-strata'), 'later', 'notes.txt')).toEqual([]);
    } finally {
      forward(env().proxy('async-strata'));
    }
    await expect
      .poll(() => copyHashes(env().backend('async-strata'), 'later', 'notes.txt'), {
        timeout: 30_000,
        interval: 250,
      })
      .toEqual([sha256(body)]);
  });

  it('async, versioned: a version overwritten before its replica was made still gets it', async () => {
    const { client } = env();
    await client.send(
      new PutBucketVersioningCommand({
        Bucket: 'later',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    const bodies = [seededBytes('ledger-1', 300_001), seededBytes('ledger-2', 200_003)];
    blackhole(env().proxy('async-strata'));
    const versionIds: string[] = [];
    try {
      for (const body of bodies) {
        const reply = await client.send(
          new PutObjectCommand({ Bucket: 'later', Key: 'ledger.txt', Body: body }),
        );
        versionIds.push(reply.VersionId!);
      }
    } finally {
      forward(env().proxy('async-strata'));
    }
    // Both versions, the displaced one included, end up on the second backend.
    await expect
      .poll(
        async () => (await copyHashes(env().backend('async-strata'), 'later', 'ledger.txt')).sort(),
        { timeout: 30_000, interval: 250 },
      )
      .toEqual(bodies.map((b) => sha256(b)).sort());
    for (const [i, VersionId] of versionIds.entries()) {
      const reply = await client.send(
        new GetObjectCommand({ Bucket: 'later', Key: 'ledger.txt', VersionId }),
      );
      expect(sha256(Buffer.from(await reply.Body!.transformToByteArray()))).toBe(
        sha256(bodies[i]!),
      );
    }
  });

  it('no committed byte is lost: every PUT that answered 200 reads back exactly', async () => {
    expect(committed.length).toBe(4);
    for (const { bucket, key, body } of committed) {
      expect(sha256((await get(env().client, bucket, key)).body)).toBe(sha256(body));
    }
  });
});
