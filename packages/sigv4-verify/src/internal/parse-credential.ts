import { SigV4Error } from '../sigv4-error.js';
import type { AuthContext } from './parsed-auth.js';

/** Where a credential came from decides the S3 error code and message prefix AWS uses. */
export type CredentialSource = 'header' | 'query';

/** Build the error AWS returns for a malformed authorization header or presign parameter. */
export function malformed(
  source: CredentialSource,
  reason: string,
  detail: Record<string, string> = {},
): SigV4Error {
  return source === 'header'
    ? new SigV4Error(
        'AuthorizationHeaderMalformed',
        `The authorization header is malformed; ${reason}`,
        detail,
      )
    : new SigV4Error('AuthorizationQueryParametersError', reason, detail);
}

const TERMINAL = 'aws4_request';
const CREDENTIAL_HINT =
  'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".';

/**
 * Parse `AKID/YYYYMMDD/region/service/aws4_request` and check it names this gateway's region
 * and service.
 */
export function parseCredential(
  value: string,
  source: CredentialSource,
  ctx: AuthContext,
): { accessKeyId: string; scopeDate: string } {
  const prefix = source === 'query' ? 'Error parsing the X-Amz-Credential parameter; ' : '';
  // The access key id may itself contain '/', so the four scope fields are taken from the end.
  const s4 = slashBefore(value, value.length);
  const s3 = slashBefore(value, s4);
  const s2 = slashBefore(value, s3);
  const s1 = slashBefore(value, s2);
  if (s1 <= 0) throw malformed(source, prefix + CREDENTIAL_HINT);
  const accessKeyId = value.slice(0, s1);
  const scopeDate = value.slice(s1 + 1, s2);
  if (!isEightDigits(scopeDate)) throw malformed(source, prefix + CREDENTIAL_HINT);
  // `slice` + `===` rather than `startsWith`/`endsWith`, which V8 runs character by character.
  const region = value.slice(s2 + 1, s3);
  const service = value.slice(s3 + 1, s4);
  const terminal = value.slice(s4 + 1);
  if (region === ctx.region && service === ctx.service && terminal === TERMINAL) {
    return { accessKeyId, scopeDate };
  }
  if (region !== ctx.region) {
    throw malformed(source, `${prefix}the region '${region}' is wrong; expecting '${ctx.region}'`, {
      Region: ctx.region,
    });
  }
  if (service !== ctx.service) {
    throw malformed(
      source,
      `${prefix}incorrect service "${service}". This endpoint belongs to "${ctx.service}".`,
    );
  }
  if (terminal !== TERMINAL) {
    throw malformed(
      source,
      `${prefix}incorrect terminal "${terminal}". This endpoint uses "aws4_request".`,
    );
  }
  return { accessKeyId, scopeDate };
}

/**
 * Index of the last `/` before `end`, or -1 (also for `end` ≤ 0). A loop rather than
 * `lastIndexOf`, which V8 runs as a slow runtime call.
 */
function slashBefore(text: string, end: number): number {
  for (let i = end - 1; i >= 0; i--) if (text.charCodeAt(i) === 0x2f) return i;
  return -1;
}

function isEightDigits(text: string): boolean {
  if (text.length !== 8) return false;
  for (let i = 0; i < 8; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

// Clients send the same few SignedHeaders lists over and over; the most recently parsed ones are
// kept (frozen, since every result shares them), most recent first. A string compare against a
// few of them is cheaper than hashing the (freshly sliced) list for a Map lookup.
const RECENT = 8;
const recent: { text: string; names: readonly string[] }[] = [];

/** Parse and check a `SignedHeaders` list: non-empty, lower-case, and includes `host`. */
export function parseSignedHeaders(value: string, source: CredentialSource): readonly string[] {
  for (const entry of recent) if (entry.text === value) return entry.names;
  if (!isLowerCaseList(value)) {
    throw malformed(
      source,
      source === 'query' ? 'X-Amz-SignedHeaders is malformed.' : 'SignedHeaders is malformed.',
    );
  }
  const names = Object.freeze(value.split(';'));
  if (!names.includes('host')) {
    throw malformed(
      source,
      source === 'query'
        ? 'X-Amz-SignedHeaders must include the host header.'
        : 'the host header must be signed.',
    );
  }
  recent.unshift({ text: value, names });
  if (recent.length > RECENT) recent.pop();
  return names;
}

/** `;`-separated, no empty name, nothing that lower-casing would change. */
function isLowerCaseList(value: string): boolean {
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x3b) {
      if (i === start) return false;
      start = i + 1;
    } else if (c >= 0x41 && c <= 0x5a) {
      return false;
    } else if (c > 0x7f && value.charAt(i).toLowerCase() !== value.charAt(i)) {
      return false;
    }
  }
  return start < value.length;
}
