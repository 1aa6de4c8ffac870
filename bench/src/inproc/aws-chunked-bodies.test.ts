import { randomBytes } from 'node:crypto';
import { createBodyDecoder, createSigV4Verifier, SigV4Error } from '@strata/sigv4-verify';
import { describe, expect, it } from 'vitest';
import { feed, signedChunkedBody } from './aws-chunked-bodies.js';
import { signRequest, signedRequestMix } from './signed-requests.js';

const key = { accessKeyId: 'AKIDBENCHTEST', secretAccessKey: 'secret/for/tests' };
const verifier = createSigV4Verifier({
  region: 'us-east-1',
  lookup: (id) => (id === key.accessKeyId ? key : undefined),
});

describe('bench request signer', () => {
  it('signs a mix of requests that @strata/sigv4-verify accepts', async () => {
    const requests = signedRequestMix(25, [key]);
    const results = await Promise.all(requests.map((r) => verifier.verify(r)));
    expect(results.map((r) => r.accessKeyId)).toEqual(requests.map(() => key.accessKeyId));
  });
});

describe('signedChunkedBody', () => {
  const data = randomBytes(1024);
  const chunks = 40; // more than the ring of 16 frame buffers
  const signed = async () => {
    const req = signRequest(
      {
        method: 'PUT',
        key: 'k',
        payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        headers: {
          'content-encoding': 'aws-chunked',
          'x-amz-decoded-content-length': String(data.length * chunks),
        },
      },
      key,
      new Date(),
    );
    return { auth: await verifier.verify(req), headers: req.headers };
  };

  it('frames a chain the decoder verifies, byte for byte', async () => {
    const { auth, headers } = await signed();
    const decoder = createBodyDecoder({ auth, headers });
    expect(await feed(decoder.stream, signedChunkedBody(data, chunks, auth.signing!))).toBe(
      data.length * chunks,
    );
  });

  it('is refused when one chunk signature is wrong', async () => {
    const { auth, headers } = await signed();
    const wrong = { ...auth.signing!, seedSignature: '0'.repeat(64) };
    const decoder = createBodyDecoder({ auth, headers });
    const error = await feed(decoder.stream, signedChunkedBody(data, chunks, wrong)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SigV4Error);
    expect((error as SigV4Error).code).toBe('SignatureDoesNotMatch');
  });
});
