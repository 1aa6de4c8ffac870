import { describe, expect, it } from 'vitest';
import { createSigV4Verifier } from './create-sigv4-verifier.js';
import { SECRET } from './testing/smithy-signer.js';

// The worked examples of the AWS S3 SigV4 documentation (sig-v4-header-based-auth,
// sigv4-query-string-auth, sigv4-streaming, sigv4-streaming-trailers), verified verbatim.
describe('createSigV4Verifier: AWS documentation examples', () => {
  const aws = createSigV4Verifier({
    region: 'us-east-1',
    lookup: (id) =>
      id === 'AKIAIOSFODNN7EXAMPLE' ? { accessKeyId: id, secretAccessKey: SECRET } : undefined,
    now: () => new Date('2013-05-24T00:05:00Z'),
  });
  const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  const auth = (signed: string, sig: string): string =>
    `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=${signed},Signature=${sig}`;

  it('GET Object with a Range header', async () => {
    const result = await aws.verify({
      method: 'GET',
      path: '/test.txt',
      query: '',
      headers: {
        host: 'examplebucket.s3.amazonaws.com',
        range: 'bytes=0-9',
        'x-amz-content-sha256': EMPTY,
        'x-amz-date': '20130524T000000Z',
        authorization: auth(
          'host;range;x-amz-content-sha256;x-amz-date',
          'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
        ),
      },
    });
    expect(result.payload).toEqual({ kind: 'sha256', hex: EMPTY });
  });

  it('PUT Object with a $ in the key and a Date header', async () => {
    await expect(
      aws.verify({
        method: 'PUT',
        path: '/test%24file.text',
        query: '',
        headers: {
          host: 'examplebucket.s3.amazonaws.com',
          date: 'Fri, 24 May 2013 00:00:00 GMT',
          'x-amz-date': '20130524T000000Z',
          'x-amz-storage-class': 'REDUCED_REDUNDANCY',
          'x-amz-content-sha256':
            '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
          authorization: auth(
            'date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class',
            '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
          ),
        },
      }),
    ).resolves.toBeDefined();
  });

  it('GET Bucket lifecycle (valueless query parameter) and list (sorted query)', async () => {
    const headers = {
      host: 'examplebucket.s3.amazonaws.com',
      'x-amz-date': '20130524T000000Z',
      'x-amz-content-sha256': EMPTY,
    };
    const signed = 'host;x-amz-content-sha256;x-amz-date';
    await expect(
      aws.verify({
        method: 'GET',
        path: '/',
        query: 'lifecycle',
        headers: {
          ...headers,
          authorization: auth(
            signed,
            'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543',
          ),
        },
      }),
    ).resolves.toBeDefined();
    await expect(
      aws.verify({
        method: 'GET',
        path: '/',
        query: 'prefix=J&max-keys=2',
        headers: {
          ...headers,
          authorization: auth(
            signed,
            '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
          ),
        },
      }),
    ).resolves.toBeDefined();
  });

  it('presigned GET without a payload hash parameter means UNSIGNED-PAYLOAD', async () => {
    const query =
      'X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404';
    const result = await aws.verify({
      method: 'GET',
      path: '/test.txt',
      query,
      headers: { host: 'examplebucket.s3.amazonaws.com' },
    });
    expect(result).toMatchObject({ method: 'presigned', payload: { kind: 'unsigned' } });
  });

  it('streaming PUT seed signatures (plain and with trailer)', async () => {
    const headers = {
      host: 's3.amazonaws.com',
      'x-amz-date': '20130524T000000Z',
      'x-amz-storage-class': 'REDUCED_REDUNDANCY',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '66560',
      'content-length': '66824',
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    };
    const plain = await aws.verify({
      method: 'PUT',
      path: '/examplebucket/chunkObject.txt',
      query: '',
      headers: {
        ...headers,
        authorization: auth(
          'content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class',
          '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
        ),
      },
    });
    expect(plain.signing).toMatchObject({
      scope: '20130524/us-east-1/s3/aws4_request',
      datetime: '20130524T000000Z',
    });
    const trailer = await aws.verify({
      method: 'PUT',
      path: '/examplebucket/chunkObject.txt',
      query: '',
      headers: {
        ...headers,
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
        'x-amz-trailer': 'x-amz-checksum-crc32c',
        authorization: auth(
          'content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer',
          '106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e',
        ),
      },
    });
    expect(trailer.payload).toEqual({ kind: 'streaming-signed-trailer' });
  });
});
