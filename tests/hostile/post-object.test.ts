/**
 * Hostile browser-form uploads (PostObject): a file that does not match its checksum field, a
 * file over the policy's size range, a form without its closing boundary, a connection reset in
 * the middle of the file. Each gets its S3 error (or a closed connection) and stores nothing; the
 * suite checks after every case that the process serves, and at the end that no blob, intent or
 * quota reservation is left.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32 } from 'node:zlib';
import { expect, it } from 'vitest';
import { buildForm, signPolicy } from '@strata/sigv4-verify/testing';
import { TEST_CREDENTIALS } from '../e2e/support/strata-process.js';
import { codeOf, rawExchange, type HostileGateway } from './support/hostile-gateway.js';
import { BUCKET, describeHostile } from './support/hostile-suite.js';

const MiB = 1024 * 1024;
const BOUNDARY = '----strataHostileForm7MA4YWxk';

const crc32b64 = (data: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data) >>> 0);
  return out.toString('base64');
};

/** The signed fields of a form for `key`, with a policy allowing files up to `maxSize`. */
function policyFields(key: string, maxSize: number, extra: [string, string][] = []) {
  const now = new Date();
  return [
    ['key', key],
    ...extra,
    ...signPolicy(
      [
        { bucket: BUCKET },
        ['starts-with', '$key', 'form/'],
        ['content-length-range', 0, maxSize],
        ...extra.map(([name, value]) => ({ [name]: value })),
      ],
      {
        expiration: new Date(now.getTime() + 600_000),
        date: now,
        accessKeyId: TEST_CREDENTIALS.accessKeyId,
        secret: TEST_CREDENTIALS.secretAccessKey,
      },
    ),
  ] as [string, string][];
}

/** The head of a `POST /{bucket}` form upload of `length` bytes. */
function postHead(gw: HostileGateway, length: number): string {
  return (
    `POST /${BUCKET} HTTP/1.1\r\nhost: 127.0.0.1:${gw.port}\r\n` +
    `content-type: multipart/form-data; boundary=${BOUNDARY}\r\ncontent-length: ${length}\r\n` +
    // One request per connection: the exchange ends when the server closes it.
    'connection: close\r\n\r\n'
  );
}

async function expectAbsent(gw: HostileGateway, key: string): Promise<void> {
  const head = await gw.send(await gw.sign({ method: 'HEAD', path: `/${BUCKET}/${key}` }));
  expect(head.status).toBe(404);
}

describeHostile('hostile form uploads', (gateway) => {
  it('a file that is not its x-amz-checksum-crc32 field → 400 BadDigest, nothing stored', async () => {
    const gw = gateway();
    const data = randomBytes(300_000);
    const form = buildForm({
      boundary: BOUNDARY,
      fields: policyFields('form/bad-crc', 4 * MiB, [
        ['x-amz-checksum-crc32', crc32b64(Buffer.from('other'))],
      ]),
      file: { filename: 'a.bin', data },
    });
    const outcome = await rawExchange(gw.port, { steps: [postHead(gw, form.length), form] });
    expect([outcome.status, codeOf({ body: outcome.text })]).toEqual([400, 'BadDigest']);
    await expectAbsent(gw, 'form/bad-crc');
  });

  it('a file over content-length-range → 400 EntityTooLarge, its reservation released', async () => {
    const gw = gateway();
    const form = buildForm({
      boundary: BOUNDARY,
      fields: policyFields('form/too-big', MiB),
      file: { filename: 'a.bin', data: randomBytes(3 * MiB) },
    });
    const outcome = await rawExchange(gw.port, { steps: [postHead(gw, form.length), form] });
    expect([outcome.status, codeOf({ body: outcome.text })]).toEqual([400, 'EntityTooLarge']);
    await expectAbsent(gw, 'form/too-big');
  });

  it('a form without its closing boundary → 400 IncompleteBody, nothing stored', async () => {
    const gw = gateway();
    const form = buildForm({
      boundary: BOUNDARY,
      fields: policyFields('form/truncated', 4 * MiB),
      file: { filename: 'a.bin', data: randomBytes(200_000) },
      truncate: true,
    });
    const outcome = await rawExchange(gw.port, { steps: [postHead(gw, form.length), form] });
    expect([outcome.status, codeOf({ body: outcome.text })]).toEqual([400, 'IncompleteBody']);
    await expectAbsent(gw, 'form/truncated');
  });

  it('a reset in the middle of the file: nothing stored, the process serves', async () => {
    const gw = gateway();
    const form = buildForm({
      boundary: BOUNDARY,
      fields: policyFields('form/reset', 8 * MiB),
      file: { filename: 'a.bin', data: randomBytes(4 * MiB) },
    });
    const outcome = await rawExchange(gw.port, {
      steps: [postHead(gw, form.length), form.subarray(0, 2 * MiB), () => sleep(300)],
      reset: true,
    });
    expect(outcome.status).toBeUndefined();
    await expectAbsent(gw, 'form/reset');
  });
});
