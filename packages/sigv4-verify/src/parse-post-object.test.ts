import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parsePostObject } from './parse-post-object.js';
import type { PostObjectUpload } from './post-object-upload.js';
import {
  buildForm,
  chunked,
  CONTENT_TYPE,
  signPolicy,
  type FormSpec,
} from './testing/post-form.js';
import { ACCESS_KEY, createRandom, SECRET } from './testing/smithy-signer.js';
import { failure, NOW, verifier } from './testing/verifier-fixtures.js';

const EXPIRES = new Date(NOW.getTime() + 3600_000);
const BASE_CONDITIONS = [
  { bucket: 'photos' },
  ['starts-with', '$key', 'user/eric/'],
  ['starts-with', '$Content-Type', 'image/'],
  { success_action_status: '201' },
  ['starts-with', '$x-amz-meta-tag', ''],
  ['content-length-range', 1, 6 * 1024 * 1024],
];

function form(
  overrides: Partial<FormSpec> & { conditions?: unknown[]; extra?: [string, string][] } = {},
): Buffer {
  const signed = signPolicy(overrides.conditions ?? BASE_CONDITIONS, {
    expiration: EXPIRES,
    date: NOW,
  });
  return buildForm({
    fields: overrides.fields ?? [
      ['key', 'user/eric/${filename}'],
      ['Content-Type', 'image/jpeg'],
      ['success_action_status', '201'],
      ['x-amz-meta-tag', 'holiday'],
      ...signed,
      ...(overrides.extra ?? []),
    ],
    file: overrides.file ?? {
      filename: 'cat.jpg',
      contentType: 'image/jpeg',
      data: Buffer.from('meow'),
    },
    ...(overrides.after ? { after: overrides.after } : {}),
    ...(overrides.truncate ? { truncate: true } : {}),
  });
}

function parse(
  body: Readable | Buffer,
  extra: { computeChecksums?: ['CRC32']; allowAnonymous?: boolean } = {},
) {
  return parsePostObject(Buffer.isBuffer(body) ? Readable.from([body]) : body, {
    verifier: verifier(),
    bucket: 'photos',
    contentType: CONTENT_TYPE,
    now: () => NOW,
    ...extra,
  });
}

/** Reads the file to the end: its SHA-256 and length. */
async function drain(upload: PostObjectUpload): Promise<{ sha256: string; length: number }> {
  const hash = createHash('sha256');
  let length = 0;
  await pipeline(
    upload.file,
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        length += chunk.length;
        cb();
      },
    }),
  );
  return { sha256: hash.digest('hex'), length };
}

describe('parsePostObject: a browser upload', () => {
  it('streams a 5 MiB file fed in random chunk sizes and exposes the fields', async () => {
    const data = randomBytes(5 * 1024 * 1024);
    for (const seed of [1, 2, 3]) {
      const body = form({
        file: { filename: 'photo.jpg', contentType: 'image/jpeg', data },
        after: [['ignored', 'after the file']],
      });
      const upload = await parse(chunked(body, createRandom(seed)), {
        computeChecksums: ['CRC32'],
      });
      expect(upload.key).toBe('user/eric/photo.jpg');
      expect(upload.filename).toBe('photo.jpg');
      expect(upload.auth?.accessKeyId).toBe(ACCESS_KEY);
      expect(upload.headers).toEqual({ 'content-type': 'image/jpeg' });
      expect(upload.userMetadata).toEqual({ tag: 'holiday' });
      expect(upload.successActionStatus).toBe(201);
      const got = await drain(upload);
      expect(got.length).toBe(data.length);
      expect(got.sha256).toBe(createHash('sha256').update(data).digest('hex'));
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(data));
      expect(upload.checksums()).toEqual({ CRC32: crc.toString('base64') });
      expect(upload.bytes).toBe(data.length);
    }
  });

  it('parses a form fed one byte at a time, keeping file bytes that look like a boundary', async () => {
    const data = Buffer.from(`--${'x'.repeat(10)}\r\n--not-the-boundary\r\n\r\n`);
    const body = form({ file: { filename: 'C:\\Users\\eric\\a.jpg', data } });
    const upload = await parse(chunked(body, () => 0, 1));
    expect(upload.key).toBe('user/eric/a.jpg');
    const got = await drain(upload);
    expect(got.sha256).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('does not read the body faster than the file is consumed', async () => {
    let produced = 0;
    const head = form({ file: { filename: 'a.jpg', data: Buffer.alloc(0) }, truncate: true });
    const fileStart = head.subarray(0, head.length - 2); // drop the CRLF that ended the file
    const source = new Readable({
      highWaterMark: 1,
      read() {
        if (produced === 0) this.push(fileStart);
        else if (produced < 80) this.push(Buffer.alloc(64 * 1024));
        else this.push(null);
        produced++;
      },
    });
    const upload = await parse(source);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Nothing reads the file: only what fills the stream buffers was pulled.
    expect(produced).toBeLessThan(10);
    upload.file.destroy();
  });

  it('verifies an x-amz-checksum-* field (BadDigest)', async () => {
    const wrong = Buffer.alloc(4).toString('base64');
    const conditions = [...BASE_CONDITIONS, { 'x-amz-checksum-crc32': wrong }];
    const upload = await parse(form({ conditions, extra: [['x-amz-checksum-crc32', wrong]] }));
    expect((await failure(drain(upload))).code).toBe('BadDigest');
  });

  it('accepts a SigV2 policy signature', async () => {
    const policy = Buffer.from(
      JSON.stringify({
        expiration: EXPIRES.toISOString(),
        conditions: [{ bucket: 'photos' }, ['starts-with', '$key', '']],
      }),
    ).toString('base64');
    const signature = createHmac('sha1', SECRET).update(policy).digest('base64');
    const body = buildForm({
      fields: [
        ['key', 'k'],
        ['AWSAccessKeyId', ACCESS_KEY],
        ['policy', policy],
        ['signature', signature],
      ],
      file: { data: Buffer.from('v2') },
    });
    const upload = await parse(body);
    expect(upload.auth?.method).toBe('post-v2');
    expect((await drain(upload)).length).toBe(2);
  });
});

describe('parsePostObject: refusals', () => {
  it('an expired policy is AccessDenied', async () => {
    const signed = signPolicy([{ bucket: 'photos' }, ['starts-with', '$key', '']], {
      expiration: new Date(NOW.getTime() - 1000),
      date: NOW,
    });
    const err = await failure(
      parse(buildForm({ fields: [['key', 'k'], ...signed], file: { data: Buffer.from('x') } })),
    );
    expect(err.code).toBe('AccessDenied');
    expect(err.message).toBe('Invalid according to Policy: Policy expired.');
  });

  it.each([
    [
      'a key outside the prefix',
      'user/bob/x',
      'image/png',
      '201',
      '["starts-with", "$key", "user/eric/"]',
    ],
    [
      'a wrong content type',
      'user/eric/x',
      'text/html',
      '201',
      '["starts-with", "$content-type", "image/"]',
    ],
    [
      'a wrong status',
      'user/eric/x',
      'image/png',
      '200',
      '["eq", "$success_action_status", "201"]',
    ],
  ] as const)('%s fails its condition', async (_name, key, type, status, condition) => {
    const signed = signPolicy(BASE_CONDITIONS, { expiration: EXPIRES, date: NOW });
    const body = buildForm({
      fields: [
        ['key', key],
        ['Content-Type', type],
        ['success_action_status', status],
        ['x-amz-meta-tag', ''],
        ...signed,
      ],
      file: { data: Buffer.from('x') },
    });
    const err = await failure(parse(body));
    expect(err.code).toBe('AccessDenied');
    expect(err.message).toBe(`Invalid according to Policy: Policy Condition failed: ${condition}`);
  });

  it('a field no condition names is an extra input field', async () => {
    const err = await failure(parse(form({ extra: [['x-amz-meta-other', '1']] })));
    expect(err.message).toBe('Invalid according to Policy: Extra input fields: x-amz-meta-other');
  });

  it('a policy for another bucket fails', async () => {
    const upload = parsePostObject(Readable.from([form()]), {
      verifier: verifier(),
      bucket: 'other',
      contentType: CONTENT_TYPE,
      now: () => NOW,
    });
    expect((await failure(upload)).message).toContain('["eq", "$bucket", "photos"]');
  });

  it('content-length-range: too large fails while streaming, too small at the end', async () => {
    const conditions = [
      { bucket: 'photos' },
      ['starts-with', '$key', ''],
      ['content-length-range', 10, 100_000],
    ];
    const big = buildForm({
      fields: [['key', 'k'], ...signPolicy(conditions, { expiration: EXPIRES, date: NOW })],
      file: { data: randomBytes(1024 * 1024) },
    });
    const large = await parse(chunked(big, createRandom(7), 16 * 1024));
    let seen = 0;
    large.file.on('data', (chunk: Buffer) => (seen += chunk.length));
    const tooLarge = await failure(
      new Promise((resolve, reject) => large.file.on('end', resolve).on('error', reject)),
    );
    expect(tooLarge.code).toBe('EntityTooLarge');
    expect(tooLarge.detail.MaxSizeAllowed).toBe('100000');
    expect(seen).toBeLessThanOrEqual(100_000);

    const small = buildForm({
      fields: [['key', 'k'], ...signPolicy(conditions, { expiration: EXPIRES, date: NOW })],
      file: { data: Buffer.from('tiny') },
    });
    const tooSmall = await failure(drain(await parse(small)));
    expect(tooSmall.code).toBe('EntityTooSmall');
    expect(tooSmall.detail).toMatchObject({ ProposedSize: '4', MinSizeAllowed: '10' });
  });

  it('a tampered policy or an unknown key fails the signature check', async () => {
    const fields = signPolicy(BASE_CONDITIONS, { expiration: EXPIRES, date: NOW });
    const policy = fields.find(([n]) => n === 'policy')!;
    policy[1] = policy[1].replace(/.$/, policy[1].endsWith('A') ? 'B' : 'A');
    const tampered = buildForm({
      fields: [['key', 'user/eric/a'], ...fields],
      file: { data: Buffer.from('x') },
    });
    expect((await failure(parse(tampered))).code).toBe('SignatureDoesNotMatch');

    const unknown = signPolicy(BASE_CONDITIONS, {
      expiration: EXPIRES,
      date: NOW,
      accessKeyId: 'AKIDNOPE',
    });
    const body = buildForm({
      fields: [['key', 'user/eric/a'], ...unknown],
      file: { data: Buffer.from('x') },
    });
    expect((await failure(parse(body))).code).toBe('InvalidAccessKeyId');

    const region = signPolicy(BASE_CONDITIONS, {
      expiration: EXPIRES,
      date: NOW,
      region: 'eu-west-1',
    });
    const wrongRegion = buildForm({
      fields: [['key', 'user/eric/a'], ...region],
      file: { data: Buffer.from('x') },
    });
    const err = await failure(parse(wrongRegion));
    expect(err.code).toBe('AuthorizationQueryParametersError');
    expect(err.detail.Region).toBe('us-east-1');
  });

  it('form errors: no file, no key, fields too large, wrong type, truncation, bad part headers', async () => {
    const signed = signPolicy([['starts-with', '$key', '']], { expiration: EXPIRES, date: NOW });
    const noFile = buildForm({ fields: [['key', 'k'], ...signed] });
    expect((await failure(parse(noFile))).code).toBe('InvalidArgument');

    const noKey = buildForm({ fields: signed, file: { data: Buffer.from('x') } });
    const err = await failure(parse(noKey));
    expect(err.code).toBe('InvalidArgument');
    expect(err.detail.ArgumentName).toBe('key');

    const huge = buildForm({
      fields: [['x-ignore-pad', 'p'.repeat(30_000)], ...signed],
      file: { data: Buffer.from('x') },
    });
    expect((await failure(parse(huge))).code).toBe('MaxPostPreDataLengthExceededError');

    const json = parsePostObject(Readable.from([noFile]), {
      verifier: verifier(),
      bucket: 'photos',
      contentType: 'application/json',
    });
    expect((await failure(json)).code).toBe('PreconditionFailed');

    const truncated = await parse(form({ truncate: true }));
    expect((await failure(drain(truncated))).code).toBe('IncompleteBody');
    const cut = form();
    const midFile = await parse(cut.subarray(0, cut.length - 30));
    expect((await failure(drain(midFile))).code).toBe('IncompleteBody');

    const badHeaders = Buffer.from(
      `--${'----WebKitFormBoundary7MA4YWxkTrZu0gW'}\r\nno colon here\r\n\r\nx\r\n`,
    );
    expect((await failure(parse(badHeaders))).code).toBe('MalformedPOSTRequest');
  });

  it('an anonymous form is AccessDenied, unless allowAnonymous: then it has no auth and no policy', async () => {
    const body = buildForm({
      fields: [
        ['key', 'drop/${filename}'],
        ['x-amz-meta-from', 'kiosk'],
      ],
      file: { filename: 'a.txt', data: Buffer.from('anonymous bytes') },
    });
    expect((await failure(parse(body))).code).toBe('AccessDenied');
    const upload = await parse(body, { allowAnonymous: true });
    expect(upload.auth).toBeUndefined();
    expect(upload.key).toBe('drop/a.txt');
    expect(upload.userMetadata).toEqual({ from: 'kiosk' });
    expect((await drain(upload)).length).toBe(15);
    // One signing field (here an unsigned policy) makes it a signed form, checked as one.
    const half = buildForm({
      fields: [
        ['key', 'k'],
        ['policy', 'e30='],
      ],
      file: { data: Buffer.from('x') },
    });
    expect((await failure(parse(half, { allowAnonymous: true }))).code).toBe('InvalidArgument');
  });
});
