import type { Credential } from '../auth-result.js';
import { parsePostPolicy, type PostPolicyAuth } from '../post-policy.js';
import { SigV4Error } from '../sigv4-error.js';
import { parseAmzDate } from './amz-date.js';
import { base64SignaturesEqual, hmacSha1Base64, signaturesEqual } from './crypto.js';
import { parseCredential } from './parse-credential.js';
import type { AuthContext } from './parsed-auth.js';
import { checkScopeDate } from './request-time.js';
import type { SigningKeyCache } from './signing-key-cache.js';

/** What the verifier lends the POST check. */
export interface PostVerifyDeps {
  ctx: AuthContext;
  lookup(accessKeyId: string): Credential | undefined | Promise<Credential | undefined>;
  cache: SigningKeyCache;
  dummySecret: string;
  sigV2: boolean;
}

/** S3's message for a required field that is absent (or came after the file). */
function missingField(name: string): SigV4Error {
  return new SigV4Error(
    'InvalidArgument',
    `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
    { ArgumentName: name, ArgumentValue: '' },
  );
}

function required(fields: ReadonlyMap<string, string>, name: string, display: string): string {
  const value = fields.get(name);
  if (value === undefined || value === '') throw missingField(display);
  return value;
}

/**
 * Verify the signature over the base64 policy of a POST form (SigV4: hex HMAC-SHA256 with the
 * signing key of `x-amz-credential`'s scope; SigV2: base64 HMAC-SHA1 with the secret) and decode
 * the policy. Conditions and expiry are checked separately by `checkPostPolicy`.
 */
export async function verifyPostSignature(
  fields: ReadonlyMap<string, string>,
  deps: PostVerifyDeps,
): Promise<PostPolicyAuth> {
  const policy = fields.get('policy');
  const algorithm = fields.get('x-amz-algorithm');
  if (algorithm === undefined && fields.has('awsaccesskeyid') && deps.sigV2) {
    return verifyV2Post(fields, required(fields, 'policy', 'Policy'), deps);
  }
  if (policy === undefined && algorithm === undefined && !fields.has('x-amz-signature')) {
    // Anonymous POST: only public-write buckets accept it, and Strata has none.
    throw new SigV4Error('AccessDenied', 'Access Denied');
  }
  if (algorithm !== undefined && algorithm !== 'AWS4-HMAC-SHA256') {
    throw new SigV4Error(
      'InvalidRequest',
      'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
    );
  }
  const signature = required(fields, 'x-amz-signature', 'X-Amz-Signature');
  required(fields, 'x-amz-algorithm', 'X-Amz-Algorithm');
  const credential = required(fields, 'x-amz-credential', 'X-Amz-Credential');
  const datetime = required(fields, 'x-amz-date', 'X-Amz-Date');
  const base64Policy = required(fields, 'policy', 'Policy');
  const { accessKeyId, scopeDate } = parseCredential(credential, 'query', deps.ctx);
  if (parseAmzDate(datetime) === undefined) {
    throw new SigV4Error(
      'InvalidArgument',
      `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"`,
      {
        ArgumentName: 'x-amz-date',
        ArgumentValue: datetime,
      },
    );
  }
  checkScopeDate(scopeDate, datetime, (msg) => new SigV4Error('InvalidArgument', msg));
  const found = await deps.lookup(accessKeyId);
  const key = deps.cache.get(
    // Unknown ids share the empty slot (real ids are never empty), as in `verify`.
    found === undefined ? '' : accessKeyId,
    found?.secretAccessKey ?? deps.dummySecret,
    scopeDate,
    deps.ctx.region,
    deps.ctx.service,
  );
  const matched = signaturesEqual(key.hmac.hex(base64Policy), signature.toLowerCase());
  if (found === undefined) throw unknownKey(accessKeyId);
  if (!matched) throw mismatch(accessKeyId, base64Policy, signature);
  return {
    accessKeyId,
    method: 'post-v4',
    policy: parsePostPolicy(base64Policy),
    ...token(fields),
  };
}

async function verifyV2Post(
  fields: ReadonlyMap<string, string>,
  base64Policy: string,
  deps: PostVerifyDeps,
): Promise<PostPolicyAuth> {
  const accessKeyId = required(fields, 'awsaccesskeyid', 'AWSAccessKeyId');
  const signature = required(fields, 'signature', 'Signature');
  const found = await deps.lookup(accessKeyId);
  const expected = hmacSha1Base64(found?.secretAccessKey ?? deps.dummySecret, base64Policy);
  const matched = base64SignaturesEqual(expected, signature);
  if (found === undefined) throw unknownKey(accessKeyId);
  if (!matched) throw mismatch(accessKeyId, base64Policy, signature);
  return {
    accessKeyId,
    method: 'post-v2',
    policy: parsePostPolicy(base64Policy),
    ...token(fields),
  };
}

function token(fields: ReadonlyMap<string, string>): { securityToken?: string } {
  const value = fields.get('x-amz-security-token');
  return value === undefined ? {} : { securityToken: value };
}

function unknownKey(accessKeyId: string): SigV4Error {
  return new SigV4Error(
    'InvalidAccessKeyId',
    'The AWS Access Key Id you provided does not exist in our records.',
    { AWSAccessKeyId: accessKeyId },
  );
}

function mismatch(accessKeyId: string, stringToSign: string, provided: string): SigV4Error {
  return new SigV4Error(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    { AWSAccessKeyId: accessKeyId, StringToSign: stringToSign, SignatureProvided: provided },
  );
}
