/**
 * `@strata/sigv4-verify`: verify AWS Signature Version 4 signed S3 requests (Authorization
 * header and presigned URLs, plus legacy Signature Version 2 for older clients), decode `aws-chunked` bodies while checking chunk and trailer
 * signatures, and verify S3 checksums (CRC32, CRC32C, CRC64NVME, SHA1, SHA256, computed by
 * `@strata/checksums`) — streaming, with constant memory, for any Node HTTP server.
 *
 * @example
 * ```ts
 * import { createSigV4Verifier, createBodyDecoder } from '@strata/sigv4-verify';
 *
 * const verifier = createSigV4Verifier({ region: 'us-east-1', lookup: (id) => keys.get(id) });
 * const auth = await verifier.verify({ method: req.method, path, query, headers: req.headersDistinct });
 * const body = createBodyDecoder({ auth, headers: req.headersDistinct });
 * await pipeline(req, body.stream, destination);
 * ```
 *
 * @module
 */
export { createSigV4Verifier } from './create-sigv4-verifier.js';
export type { SigV4Verifier, SigV4VerifierConfig } from './create-sigv4-verifier.js';
export { detectAuthType, AUTH_TYPES } from './detect-auth-type.js';
export { parseAccessKeyId } from './parse-access-key-id.js';
export type { AuthType } from './detect-auth-type.js';
export { AUTH_METHODS } from './auth-result.js';
export type { AuthMethod, AuthResult, Credential, SigningContext } from './auth-result.js';
export type { VerifiableRequest, HeaderMap } from './verifiable-request.js';
export { parsePayloadMode, isStreamingPayload, PAYLOAD_HASH_LITERALS } from './payload-mode.js';
export type { PayloadMode, PayloadHashLiteral } from './payload-mode.js';
export { SigV4Error, SIGV4_ERROR_CODES, SIGV4_ERROR_STATUS } from './sigv4-error.js';
export type { SigV4ErrorCode } from './sigv4-error.js';
export { createBodyDecoder } from './create-body-decoder.js';
export type { BodyDecoder, BodyDecoderOptions } from './create-body-decoder.js';
// The checksums moved to @strata/checksums; re-exported so existing imports keep working.
export {
  createChecksum,
  isChecksumAlgorithm,
  CHECKSUM_ALGORITHMS,
  CHECKSUM_BYTE_LENGTH,
  CHECKSUM_IMPLEMENTATIONS,
  combineCrc,
  COMBINABLE_CHECKSUM_ALGORITHMS,
} from '@strata/checksums';
export type {
  Checksum,
  ChecksumAlgorithm,
  ChecksumImplementation,
  ChecksumOptions,
  CombinableChecksumAlgorithm,
} from '@strata/checksums';
export { MAX_PRESIGNED_EXPIRES_SECONDS } from './internal/parse-presigned-auth.js';
export { createAuthFailureLimiter } from './create-auth-failure-limiter.js';
export type {
  AuthFailureLimiter,
  AuthFailureLimiterConfig,
  AuthFailureVerdict,
} from './create-auth-failure-limiter.js';
export { isAnonymousForm, parsePostObject, parseFormBoundary } from './parse-post-object.js';
export type { PostObjectOptions } from './parse-post-object.js';
export { parsePostPolicy, checkPostPolicy, POST_POLICY_OPERATORS } from './post-policy.js';
export type {
  PostPolicy,
  PostPolicyAuth,
  PostPolicyCondition,
  PostPolicyOperator,
} from './post-policy.js';
export { postRedirectLocation, POST_SUCCESS_STATUSES } from './post-object-upload.js';
export type { PostObjectUpload, PostSuccessStatus } from './post-object-upload.js';
