import type { VerifiableRequest } from './verifiable-request.js';
import { headerValue } from './internal/header-value.js';

/** AWS's limit on the length of an access key id (IAM `AccessKeyId`: 16 to 128 characters). */
const MAX_ACCESS_KEY_ID_LENGTH = 128;

/**
 * The access key id a request names, without verifying anything: from
 * `Authorization: AWS4-HMAC-SHA256 Credential=<id>/…`, SigV2 `Authorization: AWS <id>:<sig>`, or
 * the `X-Amz-Credential` / `AWSAccessKeyId` query parameter of a presigned URL. Cheap (no
 * allocation beyond the result), so a server can use it before verification, for example to
 * key an auth-failure limiter by address *and* key, so that clients sharing an address (behind
 * one NAT or proxy) do not block each other.
 *
 * It is a claim, not an identity: anyone can name any id. Use it to partition counters, never
 * to authorize.
 *
 * @returns the id, or `undefined` for an anonymous request, an unknown scheme, a malformed
 *   credential, or an id longer than 128 characters (AWS's limit).
 * @example
 * ```ts
 * const id = parseAccessKeyId({ query, headers: req.headersDistinct });
 * const verdict = limiter.check(id === undefined ? address : `${address} ${id}`);
 * ```
 */
export function parseAccessKeyId(
  req: Pick<VerifiableRequest, 'query' | 'headers'>,
): string | undefined {
  const authorization = headerValue(req.headers, 'authorization');
  if (authorization !== undefined) return fromAuthorization(authorization.trim());
  if (req.query === '') return undefined;
  const credential = queryValue(req.query, 'X-Amz-Credential');
  if (credential !== undefined) return plausible(scopeOwner(credential));
  return plausible(queryValue(req.query, 'AWSAccessKeyId'));
}

function fromAuthorization(value: string): string | undefined {
  // `slice` + `===`: cheaper in V8 than `startsWith`, and this runs on every request.
  if (value.slice(0, 16) === 'AWS4-HMAC-SHA256') {
    const at = value.indexOf('Credential=');
    if (at < 0) return undefined;
    const comma = value.indexOf(',', at);
    return plausible(scopeOwner(value.slice(at + 11, comma < 0 ? value.length : comma).trim()));
  }
  if (value.slice(0, 4) === 'AWS ') {
    const colon = value.lastIndexOf(':');
    return colon < 0 ? undefined : plausible(value.slice(4, colon).trim());
  }
  return undefined;
}

/** `<id>/<date>/<region>/<service>/aws4_request` → `<id>` (an id may itself contain `/`). */
function scopeOwner(credential: string): string | undefined {
  let end = credential.length;
  for (let i = 0; i < 4; i++) {
    end = credential.lastIndexOf('/', end - 1);
    if (end <= 0) return undefined;
  }
  return credential.slice(0, end);
}

/** The decoded value of the first `name=` parameter of a raw query string. */
function queryValue(query: string, name: string): string | undefined {
  for (let start = 0; start < query.length;) {
    const amp = query.indexOf('&', start);
    const end = amp < 0 ? query.length : amp;
    if (
      query.charCodeAt(start + name.length) === 0x3d &&
      query.slice(start, start + name.length) === name
    ) {
      const raw = query.slice(start + name.length + 1, end);
      try {
        return decodeURIComponent(raw);
      } catch {
        return undefined;
      }
    }
    start = end + 1;
  }
  return undefined;
}

function plausible(id: string | undefined): string | undefined {
  return id === undefined || id === '' || id.length > MAX_ACCESS_KEY_ID_LENGTH ? undefined : id;
}
