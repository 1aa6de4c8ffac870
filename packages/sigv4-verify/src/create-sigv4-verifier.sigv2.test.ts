import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createBodyDecoder } from './create-body-decoder.js';
import { BOTO_ACCESS_KEY, BOTO_NOW, BOTO_SECRET, v2Verifier } from './testing/boto3-v2-vectors.js';
import {
  hmacV1StringToSign,
  presignV1,
  signV1Header,
  type V1Request,
} from './testing/hmac-v1-signer.js';
import { failure } from './testing/verifier-fixtures.js';
import type { VerifiableRequest } from './verifiable-request.js';

const CREDS = { accessKeyId: BOTO_ACCESS_KEY, secret: BOTO_SECRET };
const DATE = 'Wed, 01 May 2024 12:00:00 GMT';

describe('SigV2: canonicalization (oracle: a port of botocore HmacV1Auth)', () => {
  const v = v2Verifier();
  const put: V1Request = {
    method: 'PUT',
    path: '/bkt/dir/a%20b%2Bc.txt',
    query: 'partNumber=2&uploadId=VXBsb2FkIElE%2Bx%2F%3D&x-id=UploadPart',
    headers: [
      ['Content-Type', 'application/octet-stream'],
      ['Content-MD5', 'XUFAKrxLKna5cZ2REBfFkg=='],
      ['x-amz-meta-color', ' blue '],
      ['X-Amz-Meta-Color', 'green'],
      ['x-amz-storage-class', 'STANDARD'],
    ],
  };

  it('signs sub-resources sorted with decoded values, and ignores other parameters', async () => {
    const req = signV1Header(put, CREDS, DATE);
    await expect(v.verify(req)).resolves.toMatchObject({ method: 'v2-header' });
    expect(hmacV1StringToSign(put, DATE)).toBe(
      'PUT\nXUFAKrxLKna5cZ2REBfFkg==\napplication/octet-stream\n' +
        `${DATE}\n` +
        'x-amz-meta-color:blue,green\nx-amz-storage-class:STANDARD\n' +
        '/bkt/dir/a%20b%2Bc.txt?partNumber=2&uploadId=VXBsb2FkIElE+x/=',
    );
    // `x-id` is not a sub-resource: changing it leaves the signature valid, as on AWS.
    await expect(
      v.verify({ ...req, query: req.query.replace('UploadPart', 'Other') }),
    ).resolves.toBeDefined();
    for (const [what, sub] of [
      ['?acl', 'acl'],
      ['?delete', 'delete'],
      ['?uploads', 'uploads'],
      ['?versionId=', 'versionId=3%2F4'],
      ['?tagging', 'tagging'],
      ['?response-content-type', 'response-content-type=text%2Fplain'],
    ] as const) {
      const signed = signV1Header({ method: 'GET', path: '/bkt/k', query: sub }, CREDS, DATE);
      await expect(v.verify(signed), what).resolves.toBeDefined();
      const dropped = { ...signed, query: '' };
      expect((await failure(v.verify(dropped))).code, what).toBe('SignatureDoesNotMatch');
    }
  });

  it('accepts `/bucket/` for a path-style bucket request, as botocore signs it', async () => {
    const asBotocore = signV1Header({ method: 'PUT', path: '/v2pre/', query: '' }, CREDS, DATE);
    await expect(v.verify({ ...asBotocore, path: '/v2pre' })).resolves.toMatchObject({
      method: 'v2-header',
    });
    const presigned = presignV1(
      { method: 'GET', path: '/v2pre/', query: '' },
      CREDS,
      2_000_000_000,
    );
    await expect(v.verify({ ...presigned, path: '/v2pre' })).resolves.toMatchObject({
      method: 'v2-presigned',
    });
    // Only the bucket itself: an object path is never re-read with a slash appended.
    const object = signV1Header({ method: 'GET', path: '/v2pre/k/', query: '' }, CREDS, DATE);
    expect((await failure(v.verify({ ...object, path: '/v2pre/k' }))).code).toBe(
      'SignatureDoesNotMatch',
    );
  });

  it('keeps a bare `acl` distinct from `acl=`, as botocore does', async () => {
    const bare = signV1Header({ method: 'GET', path: '/bkt', query: 'acl' }, CREDS, DATE);
    await expect(v.verify(bare)).resolves.toBeDefined();
    expect((await failure(v.verify({ ...bare, query: 'acl=' }))).code).toBe(
      'SignatureDoesNotMatch',
    );
  });

  it('fails on any one-byte change to a signed part', async () => {
    const req = signV1Header(put, CREDS, DATE);
    const h = req.headers;
    const tamperings: [string, VerifiableRequest][] = [
      ['method', { ...req, method: 'POST' }],
      ['path', { ...req, path: req.path.replace('a%20b', 'a%20c') }],
      ['sub-resource', { ...req, query: req.query.replace('partNumber=2', 'partNumber=3') }],
      ['x-amz-meta', { ...req, headers: { ...h, 'x-amz-meta-color': ['blue', 'greem'] } }],
      ['added x-amz', { ...req, headers: { ...h, 'x-amz-acl': 'public-read' } }],
      ['content-type', { ...req, headers: { ...h, 'content-type': 'application/octet-streaM' } }],
      ['content-md5', { ...req, headers: { ...h, 'content-md5': 'XUFAKrxLKna5cZ2REBfFkG==' } }],
      ['date', { ...req, headers: { ...h, date: DATE.replace(':00 GMT', ':01 GMT') } }],
    ];
    const auth = String(h.authorization);
    const sigAt = auth.indexOf(':') + 1;
    const flipped =
      auth.slice(0, sigAt) + (auth[sigAt] === 'A' ? 'B' : 'A') + auth.slice(sigAt + 1);
    tamperings.push(['signature', { ...req, headers: { ...h, authorization: flipped } }]);
    for (const [what, tampered] of tamperings) {
      const err = await failure(v.verify(tampered));
      expect(err.code, what).toBe('SignatureDoesNotMatch');
    }
  });

  it('reports StringToSign and its bytes on a mismatch', async () => {
    const req = signV1Header(put, { ...CREDS, secret: 'wrong' }, DATE);
    const err = await failure(v.verify(req));
    const expected = hmacV1StringToSign(put, DATE);
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
    expect(err.detail).toEqual({
      AWSAccessKeyId: 'AKTEST',
      StringToSign: expected,
      SignatureProvided: String(req.headers.authorization).split(':')[1],
      StringToSignBytes: Buffer.from(expected)
        .toString('hex')
        .replace(/(..)(?!$)/g, '$1 '),
    });
  });

  it('signs an empty Date line when x-amz-date is sent (S3 SigV2 docs)', async () => {
    const withAmzDate: V1Request = {
      method: 'GET',
      path: '/bkt/k',
      headers: [['x-amz-date', 'Wed, 01 May 2024 12:03:00 GMT']],
    };
    const req = signV1Header(withAmzDate, CREDS, null);
    expect(hmacV1StringToSign(withAmzDate, '')).toBe(
      'GET\n\n\n\nx-amz-date:Wed, 01 May 2024 12:03:00 GMT\n/bkt/k',
    );
    await expect(v.verify(req)).resolves.toMatchObject({ signedHeaders: ['x-amz-date'] });
  });

  it('presigns like HmacV1QueryAuth, signed headers moved into the query', async () => {
    const expires = Math.floor(BOTO_NOW.getTime() / 1000) + 60;
    const req = presignV1(
      { method: 'GET', path: '/bkt/k', query: 'versionId=7', headers: [['x-amz-meta-a', '1']] },
      CREDS,
      expires,
    );
    await expect(v.verify(req)).resolves.toMatchObject({
      method: 'v2-presigned',
      expiresAt: new Date(expires * 1000),
    });
    const longer = {
      ...req,
      query: req.query.replace(`Expires=${expires}`, `Expires=${expires + 1}`),
    };
    expect((await failure(v.verify(longer))).code).toBe('SignatureDoesNotMatch');
  });
});

describe('SigV2: errors and the sigV2 switch', () => {
  const v = v2Verifier();
  const get: V1Request = { method: 'GET', path: '/bkt/k' };

  it('answers InvalidAccessKeyId for an unknown key', async () => {
    const req = signV1Header(get, { accessKeyId: 'NOPE', secret: 'x' }, DATE);
    expect(await failure(v.verify(req))).toMatchObject({
      code: 'InvalidAccessKeyId',
      detail: { AWSAccessKeyId: 'NOPE' },
    });
    const pre = presignV1(get, { accessKeyId: 'NOPE', secret: 'x' }, 1714565400);
    expect((await failure(v.verify(pre))).code).toBe('InvalidAccessKeyId');
  });

  it('rejects a Date more than 15 minutes off, and a missing or invalid date', async () => {
    const old = signV1Header(get, CREDS, 'Wed, 01 May 2024 11:44:59 GMT');
    expect(await failure(v.verify(old))).toMatchObject({
      code: 'RequestTimeTooSkewed',
      status: 403,
      detail: { RequestTime: 'Wed, 01 May 2024 11:44:59 GMT' },
    });
    const future = signV1Header(get, CREDS, 'Wed, 01 May 2024 12:15:01 GMT');
    expect((await failure(v.verify(future))).code).toBe('RequestTimeTooSkewed');
    await expect(
      v.verify(signV1Header(get, CREDS, 'Wed, 01 May 2024 12:14:59 GMT')),
    ).resolves.toBeDefined();
    const none = signV1Header(get, CREDS, null);
    expect(await failure(v.verify(none))).toMatchObject({
      code: 'AccessDenied',
      message: 'AWS authentication requires a valid Date or x-amz-date header',
    });
    const bad = signV1Header(get, CREDS, 'yesterday');
    expect((await failure(v.verify(bad))).code).toBe('AccessDenied');
  });

  it('rejects malformed credentials', async () => {
    const base = signV1Header(get, CREDS, DATE);
    for (const authorization of ['AWS AKTEST', 'AWS :sig', 'AWS AKTEST:']) {
      const err = await failure(v.verify({ ...base, headers: { ...base.headers, authorization } }));
      expect(err.code, authorization).toBe('InvalidArgument');
    }
    const pre = presignV1(get, CREDS, 1714565400);
    for (const drop of ['Expires', 'Signature', 'AWSAccessKeyId']) {
      const query = pre.query
        .split('&')
        .filter((p) => !p.startsWith(`${drop}=`))
        .join('&');
      expect((await failure(v.verify({ ...pre, query }))).code, drop).toBe('AccessDenied');
    }
    const notNumber = { ...pre, query: pre.query.replace(/Expires=\d+/, 'Expires=soon') };
    expect((await failure(v.verify(notNumber))).message).toMatch(/seconds since epoch/);
  });

  it('refuses SigV2 with sigV2: false, as before', async () => {
    const off = v2Verifier({ sigV2: false });
    for (const req of [signV1Header(get, CREDS, DATE), presignV1(get, CREDS, 1714565400)]) {
      await expect(v.verify(req)).resolves.toBeDefined();
      expect(await failure(off.verify(req))).toMatchObject({
        code: 'InvalidRequest',
        status: 400,
        message: expect.stringContaining('Please use AWS4-HMAC-SHA256') as unknown,
      });
    }
  });

  it('hands createBodyDecoder a result that passes plain bodies through', async () => {
    const req = signV1Header(
      { method: 'PUT', path: '/bkt/k', headers: [['x-amz-checksum-crc32', 'DUoRhQ==']] },
      CREDS,
      DATE,
    );
    const auth = await v.verify(req);
    const decoder = createBodyDecoder({ auth, headers: req.headers });
    const out: Buffer[] = [];
    await pipeline(
      Readable.from([Buffer.from('hello '), Buffer.from('world')]),
      decoder.stream,
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          out.push(chunk);
          cb();
        },
      }),
    );
    expect(Buffer.concat(out).toString()).toBe('hello world');
    expect(decoder.checksums()).toEqual({ CRC32: 'DUoRhQ==' });
    const wrong = createBodyDecoder({ auth, headers: { 'x-amz-checksum-crc32': 'AAAAAA==' } });
    await expect(
      pipeline(
        Readable.from([Buffer.from('hello world')]),
        wrong.stream,
        new Writable({ write: (_c, _e, cb) => cb() }),
      ),
    ).rejects.toMatchObject({ code: 'BadDigest' });
  });
});
