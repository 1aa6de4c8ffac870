import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SigningKeyCache } from './signing-key-cache.js';

function derive(secret: string, date: string, region: string, service: string): Buffer {
  let key = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  for (const part of [region, service, 'aws4_request'])
    key = createHmac('sha256', key).update(part).digest();
  return key;
}

describe('SigningKeyCache', () => {
  it('derives the SigV4 signing key and its scope, and MACs exactly like createHmac', () => {
    const cache = new SigningKeyCache(4);
    const k = cache.get('AKID', 'secret', '20240501', 'us-east-1', 's3');
    expect(k.key.equals(derive('secret', '20240501', 'us-east-1', 's3'))).toBe(true);
    expect(k.scope).toBe('20240501/us-east-1/s3/aws4_request');
    for (const message of ['', 'x', 'AWS4-HMAC-SHA256\n…', 'é'.repeat(600), 'y'.repeat(5000)]) {
      expect(k.hmac.hex(message)).toBe(createHmac('sha256', k.key).update(message).digest('hex'));
    }
    expect(cache.get('AKID', 'secret', '20240501', 'us-east-1', 's3')).toBe(k);
  });

  it('never hands out a key derived from another secret, date, region or service', () => {
    const cache = new SigningKeyCache(4);
    const base = cache.get('AKID', 'old-secret', '20240501', 'us-east-1', 's3');
    // A rotated secret under the same id derives afresh.
    const rotated = cache.get('AKID', 'new-secret', '20240501', 'us-east-1', 's3');
    expect(rotated.key.equals(derive('new-secret', '20240501', 'us-east-1', 's3'))).toBe(true);
    expect(rotated.key.equals(base.key)).toBe(false);
    expect(cache.get('AKID', 'new-secret', '20240502', 'us-east-1', 's3').scope).toBe(
      '20240502/us-east-1/s3/aws4_request',
    );
    expect(cache.get('AKID', 'new-secret', '20240501', 'eu-west-1', 's3').scope).toBe(
      '20240501/eu-west-1/s3/aws4_request',
    );
    expect(cache.get('AKID', 'new-secret', '20240501', 'us-east-1', 'iam').scope).toBe(
      '20240501/us-east-1/iam/aws4_request',
    );
  });

  it('keeps at most `max` access keys, keeping those in use', () => {
    const cache = new SigningKeyCache(2);
    const hot = cache.get('HOT', 's', '20240501', 'r', 's3');
    for (let i = 0; i < 100; i++) {
      cache.get(`COLD${i}`, 's', '20240501', 'r', 's3');
      // Used between every insertion: CLOCK keeps it.
      expect(cache.get('HOT', 's', '20240501', 'r', 's3')).toBe(hot);
    }
    expect(cache.size).toBe(2);
  });
});
