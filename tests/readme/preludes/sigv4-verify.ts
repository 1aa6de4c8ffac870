/**
 * What the fragments of packages/sigv4-verify/README.md use but only describe in prose. Names with
 * a value serve blocks that run; `declare`d names (no value) serve compile-only blocks, so a
 * runnable block that used one would fail with a ReferenceError.
 */
import type { IncomingMessage } from 'node:http';
import type { Transform, Writable } from 'node:stream';
import type { AuthMethod, SigV4Verifier } from '@strata/sigv4-verify';

// The AuthResult and BodyDecoder declarations refer to these.
export type { AuthMethod, Transform };

// Browser POST uploads: the request being served, the server's verifier, where the file goes.
export declare const req: IncomingMessage;
export declare const verifier: SigV4Verifier;
export declare const storage: Writable;

// Auth failure limiting: a request's client address, query and headers.
export const address = '203.0.113.7';
export const query = '';
export const headers = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/s3/aws4_request, ' +
    'SignedHeaders=host;x-amz-date, Signature=0123456789abcdef',
};
