import type { AuthResult, Credential } from '../auth-result.js';
import { SigV4Error } from '../sigv4-error.js';
import { base64SignaturesEqual, hmacSha1Base64 } from './crypto.js';
import type { ParsedV2Auth } from './parse-v2-auth.js';
import { toSpacedHex } from './string-to-sign.js';

/**
 * Check a parsed SigV2 request against its key: HMAC-SHA1 of each candidate string to sign,
 * compared in constant time. An unknown key is signed with `dummySecret` first so it costs the
 * same as a known one.
 *
 * @throws {SigV4Error} `InvalidAccessKeyId`, `SignatureDoesNotMatch` (detail `StringToSign`,
 *   `StringToSignBytes`, `SignatureProvided`, `AWSAccessKeyId`, as AWS answers SigV2 requests).
 */
export function verifyV2(
  parsed: ParsedV2Auth,
  credential: Credential | undefined,
  dummySecret: string,
): AuthResult {
  const secret = credential?.secretAccessKey ?? dummySecret;
  const matched = parsed.stringsToSign.some((s) =>
    base64SignaturesEqual(hmacSha1Base64(secret, s), parsed.signature),
  );
  if (credential === undefined) {
    throw new SigV4Error(
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      { AWSAccessKeyId: parsed.accessKeyId },
    );
  }
  if (!matched) {
    const stringToSign = parsed.stringsToSign[0];
    throw new SigV4Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      {
        AWSAccessKeyId: parsed.accessKeyId,
        StringToSign: stringToSign,
        SignatureProvided: parsed.signature,
        StringToSignBytes: toSpacedHex(stringToSign),
      },
    );
  }
  return {
    accessKeyId: parsed.accessKeyId,
    method: parsed.method,
    // SigV2 never signs the body; a Content-MD5 header is signed and left to the caller to check.
    payload: { kind: 'unsigned' },
    signedHeaders: parsed.signedHeaders,
    ...(parsed.securityToken !== undefined ? { securityToken: parsed.securityToken } : {}),
    ...(parsed.expiresAt !== undefined ? { expiresAt: parsed.expiresAt } : {}),
  };
}
