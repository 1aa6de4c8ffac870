/**
 * `@strata/sigv4-verify/testing`: what a test needs to act as a signing S3 client: a SHA-256
 * for smithy's signer, an aws-chunked body encoder (signed chunks, trailers) and browser POST
 * forms signed with a V4 POST policy.
 *
 * @example
 * ```ts
 * import { Sha256, encodeAwsChunks, signingContextOf } from '@strata/sigv4-verify/testing';
 *
 * const signer = new SignatureV4({ service: 's3', region, credentials, sha256: Sha256 });
 * const body = encodeAwsChunks(chunks, { signing: signingContextOf(signed, { secretAccessKey, region }) });
 * ```
 *
 * @module
 */
export { Sha256 } from './sha256.js';
export type { SourceData } from './sha256.js';
export { encodeAwsChunked, encodeAwsChunks } from './aws-chunked-encoder.js';
export type { EncodeOptions } from './aws-chunked-encoder.js';
export { signingContextOf } from './signing-context.js';
export type { SignedRequestTrace, SigningCredentials } from './signing-context.js';
export { BOUNDARY, buildForm, signPolicy } from './post-form.js';
export type { FormSpec } from './post-form.js';
