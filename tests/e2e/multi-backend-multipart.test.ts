/**
 * A multipart upload through the AWS SDK's lib-storage `Upload` (20 MiB in 5 MiB parts) into a
 * bucket on an S3 backend (Ceph RGW; a second Strata) becomes that backend's own multipart upload:
 * listed by its ListMultipartUploads while the client uploads, assembled by the backend (its ETag
 * ends in `-4`), byte-exact on the backend and through the gateway.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Upload } from './support/aws-sdk.js';
import { blobsOf, get, useMultiBackend } from './support/multi-backend.js';
import { multipartEtag, partMd5s, seededBytes, sha256 } from './support/test-data.js';

const MiB = 1024 * 1024;
const PART = 5 * MiB;

describe('multipart uploads onto S3 backends', () => {
  const env = useMultiBackend({
    backends: [
      { name: 'mp-rgw', server: 'rgw' },
      { name: 'mp-strata', server: 'strata' },
    ],
    config: {
      buckets: [
        { name: 'on-rgw', backends: ['mp-rgw'] },
        { name: 'on-strata', backends: ['mp-strata'] },
      ],
    },
  });

  for (const [bucket, backendName] of [
    ['on-rgw', 'mp-rgw'],
    ['on-strata', 'mp-strata'],
  ] as const) {
    it(`lib-storage Upload into ${bucket} uses the backend's native multipart`, async () => {
      const backend = env().s3Backend(backendName);
      const key = 'archive/2026.tar';
      const data = seededBytes(`multipart-${bucket}`, 20 * MiB);
      let inProgress: string[] = [];
      // The body holds back its second half until the backend shows the upload in progress, so
      // the check cannot race the completion.
      async function* body() {
        for (let offset = 0; offset < data.length; offset += PART) {
          if (offset === 2 * PART) {
            await expect
              .poll(async () => (inProgress = await backend.uploads()).length, { timeout: 20_000 })
              .toBeGreaterThan(0);
          }
          yield data.subarray(offset, offset + PART);
        }
      }
      const upload = new Upload({
        client: env().client,
        params: { Bucket: bucket, Key: key, Body: Readable.from(body()) },
        partSize: PART,
        queueSize: 2,
      });
      const done = await upload.done();
      const expectedEtag = multipartEtag(partMd5s(data, PART));
      expect(done.ETag).toBe(expectedEtag);
      // While it ran, the backend had exactly one upload: this object's blob.
      expect(inProgress).toHaveLength(1);
      expect(inProgress[0]?.startsWith(`${bucket}/${key}@`)).toBe(true);

      const [blob, ...others] = await blobsOf(backend, bucket, key);
      expect(others).toEqual([]);
      expect(blob!.name).toBe(inProgress[0]);
      expect(blob!.size).toBe(data.length);
      // Assembled by the backend from the same four parts.
      expect(await backend.etag(blob!.name)).toBe(expectedEtag);
      expect(sha256(await backend.read(blob!.name))).toBe(sha256(data));
      expect(await backend.uploads()).toEqual([]);
      const read = await get(env().client, bucket, key);
      expect(read.etag).toBe(expectedEtag);
      expect(sha256(read.body)).toBe(sha256(data));
    });
  }
});
