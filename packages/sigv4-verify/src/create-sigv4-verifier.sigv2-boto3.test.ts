import { describe, expect, it } from 'vitest';
import { detectAuthType } from './detect-auth-type.js';
import {
  BOTO_HEADER_SIGNED,
  BOTO_PRESIGNED,
  fromUrl,
  v2Verifier,
} from './testing/boto3-v2-vectors.js';
import { failure } from './testing/verifier-fixtures.js';

describe('SigV2: requests signed by boto3', () => {
  it('verifies the presigned GET boto3 generate_presigned_url produced, until it expires', async () => {
    const req = fromUrl(
      'GET',
      'http://localhost:9100/pres/k%201%2B2.bin?AWSAccessKeyId=AKTEST&Signature=h24%2BbXDKYhMS2JEzkHGR%2F1S4xOA%3D&Expires=1795462584',
    );
    expect(req.path).toBe('/pres/k%201%2B2.bin');
    expect(detectAuthType(req)).toBe('v2-presigned');
    const before = v2Verifier({ now: () => new Date(1795462584_000 - 60_000) });
    const auth = await before.verify(req);
    expect(auth).toEqual({
      accessKeyId: 'AKTEST',
      method: 'v2-presigned',
      payload: { kind: 'unsigned' },
      signedHeaders: [],
      expiresAt: new Date(1795462584_000),
    });
    expect(auth.signing).toBeUndefined();

    const after = v2Verifier({ now: () => new Date(1795462584_000 + 1000) });
    expect(await failure(after.verify(req))).toMatchObject({
      code: 'AccessDenied',
      status: 403,
      message: 'Request has expired',
      detail: { Expires: '2026-11-23T19:36:24Z' },
    });
    const tampered = { ...req, path: '/pres/k%201%2B3.bin' };
    expect((await failure(before.verify(tampered))).code).toBe('SignatureDoesNotMatch');
  });

  for (const vector of BOTO_PRESIGNED) {
    it(`verifies presigned ${vector.name}`, async () => {
      const req = {
        ...fromUrl(vector.method, vector.url, vector.headers),
        ...(vector.virtualHostBucket ? { virtualHostBucket: vector.virtualHostBucket } : {}),
      };
      const auth = await v2Verifier().verify(req);
      expect(auth.method).toBe('v2-presigned');
      expect(auth.expiresAt).toEqual(new Date(1714565400_000));
      const tamperedMethod = { ...req, method: req.method === 'GET' ? 'PUT' : 'GET' };
      expect((await failure(v2Verifier().verify(tamperedMethod))).code).toBe(
        'SignatureDoesNotMatch',
      );
    });
  }

  it('reads the session token and the query content-type of a presigned URL', async () => {
    const vector = BOTO_PRESIGNED.find((v) => v.url.includes('x-amz-security-token'));
    if (!vector) throw new Error('fixture missing');
    const withoutHeader = fromUrl(vector.method, vector.url);
    const auth = await v2Verifier().verify(withoutHeader);
    expect(auth.securityToken).toBe('tok/en+1');
    const wrongType = fromUrl(vector.method, vector.url, { 'content-type': 'text/html' });
    expect((await failure(v2Verifier().verify(wrongType))).code).toBe('SignatureDoesNotMatch');
  });

  it('needs the virtual-host bucket for virtual-hosted requests', async () => {
    for (const vector of [...BOTO_PRESIGNED, ...BOTO_HEADER_SIGNED]) {
      if (vector.virtualHostBucket === undefined) continue;
      const req = fromUrl(vector.method, vector.url, vector.headers);
      expect((await failure(v2Verifier().verify(req))).code).toBe('SignatureDoesNotMatch');
    }
  });

  for (const vector of BOTO_HEADER_SIGNED) {
    it(`verifies header-signed ${vector.name}`, async () => {
      const req = {
        ...fromUrl(vector.method, vector.url, vector.headers),
        ...(vector.virtualHostBucket ? { virtualHostBucket: vector.virtualHostBucket } : {}),
      };
      expect(detectAuthType(req)).toBe('v2-header');
      const auth = await v2Verifier().verify(req);
      expect(auth.method).toBe('v2-header');
      expect(auth.accessKeyId).toBe('AKTEST');
      expect(auth.payload).toEqual({ kind: 'unsigned' });
      expect(auth.signing).toBeUndefined();
    });
  }

  it('lists the headers a V2 signature covers', async () => {
    const vector = BOTO_HEADER_SIGNED[0];
    if (!vector) throw new Error('fixture missing');
    const auth = await v2Verifier().verify(fromUrl(vector.method, vector.url, vector.headers));
    expect(auth.signedHeaders).toEqual([
      'content-md5',
      'content-type',
      'date',
      'x-amz-acl',
      'x-amz-meta-owner',
      'x-amz-meta-tag',
    ]);
  });
});
