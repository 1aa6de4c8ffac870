import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { waitFor } from '../../e2e/support/data-dir.js';
import {
  QUOTA_BYTES,
  startHostileGateway,
  type HostileGateway,
  type HostileOptions,
} from './hostile-gateway.js';

/** The bucket every hostile case works in. */
export const BUCKET = 'hostile';

const postgres = await usePostgresTestDatabase();

/**
 * Runs `cases` against a fresh hostile gateway on each metastore. After every case the process
 * must be alive and an ordinary PUT/GET must round-trip; the last test waits for the reaper and
 * the cleanup worker and then requires that nothing is left behind: no write intent, no blob
 * that no object references, no temp file, and no quota reservation (a PUT of three quarters of
 * the backend's quota must fit).
 */
export function describeHostile(
  name: string,
  cases: (gateway: () => HostileGateway) => void,
  options: HostileOptions = {},
) {
  for (const dialect of TEST_DIALECTS) {
    describe(`${name} (${dialect})`, () => {
      let gw: HostileGateway | undefined;
      const gateway = () => {
        if (!gw) throw new Error('the hostile gateway did not start');
        return gw;
      };
      beforeAll(async () => {
        gw = await startHostileGateway(dialect, postgres, options);
        const created = await gw.send(await gw.sign({ method: 'PUT', path: `/${BUCKET}` }));
        // A bucket named in the config (the mirror's replication policy) exists already, and
        // re-creating one's own bucket in us-east-1 is 200 OK, as on S3.
        expect(created.status).toBe(200);
      });
      afterAll(async () => {
        await gw?.[Symbol.asyncDispose]();
      });
      afterEach(async () => {
        await expectServing(gateway());
      });

      cases(gateway);

      it('leaves no intent, orphan blob, temp file or quota reservation once the workers ran', async () => {
        const gw = gateway();
        expect(await waitFor(async () => (await gw.intents()) === 0, 20_000)).toBe(true);
        const settled = await waitFor(async () => {
          const files = await gw.files();
          return files.temp === 0 && files.blobs === (await listKeys(gw)).length * gw.copies;
        }, 20_000);
        const keys = await listKeys(gw);
        expect(await gw.files()).toEqual({ blobs: keys.length * gw.copies, temp: 0 });
        expect(settled).toBe(true);
        // Refused uploads declared 4 MiB each; one leaked reservation leaves no room for this.
        const big = randomBytes((QUOTA_BYTES * 3) / 4);
        expect(await gw.put(`/${BUCKET}/quota-probe`, big)).toBe(200);
      });
    });
  }
}

/** The process is up and serves an ordinary PUT and GET with the exact bytes. */
export async function expectServing(gw: HostileGateway): Promise<void> {
  expect(gw.alive(), `the gateway exited:\n${gw.strata.output().slice(-4000)}`).toBe(true);
  const data = randomBytes(1024);
  expect(await gw.put(`/${BUCKET}/alive`, data)).toBe(200);
  const got = await gw.get(`/${BUCKET}/alive`);
  expect(got.status).toBe(200);
  expect(got.bytes.equals(data)).toBe(true);
}

/** Every key in {@link BUCKET} (fewer than 1000 in these suites). */
export async function listKeys(gw: HostileGateway): Promise<string[]> {
  const res = await gw.send(
    await gw.sign({ method: 'GET', path: `/${BUCKET}`, query: { 'list-type': '2' } }),
  );
  expect(res.status).toBe(200);
  return [...res.body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]!);
}
