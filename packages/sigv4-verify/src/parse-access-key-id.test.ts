import { describe, expect, it } from 'vitest';
import { parseAccessKeyId } from './parse-access-key-id.js';

const id = (headers: Record<string, string>, query = ''): string | undefined =>
  parseAccessKeyId({ headers, query });

describe('parseAccessKeyId', () => {
  it('reads the id from every way of signing a request', () => {
    expect(
      id({
        authorization:
          'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=abc',
      }),
    ).toBe('AKIDEXAMPLE');
    expect(id({ authorization: 'AWS AKIDV2:c2lnbmF0dXJl' })).toBe('AKIDV2');
    expect(
      id(
        {},
        'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDQ%2F20240501%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=abc',
      ),
    ).toBe('AKIDQ');
    expect(id({}, 'AWSAccessKeyId=AKIDV2Q&Expires=1&Signature=x')).toBe('AKIDV2Q');
    // An id may contain '/': the scope is the last four segments.
    expect(
      id({ authorization: 'AWS4-HMAC-SHA256 Credential=a/b/20240501/r/s3/aws4_request' }),
    ).toBe('a/b');
  });

  it('returns undefined for anonymous, unknown and malformed requests', () => {
    expect(id({})).toBeUndefined();
    expect(id({}, 'prefix=a&max-keys=1')).toBeUndefined();
    expect(id({ authorization: 'Bearer token' })).toBeUndefined();
    expect(id({ authorization: 'AWS4-HMAC-SHA256 SignedHeaders=host' })).toBeUndefined();
    expect(id({ authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20240501' })).toBeUndefined();
    expect(id({ authorization: 'AWS nocolon' })).toBeUndefined();
    expect(id({}, 'X-Amz-Credential=%E0%A4%A')).toBeUndefined();
    expect(id({ authorization: `AWS ${'A'.repeat(129)}:sig` })).toBeUndefined();
  });
});
