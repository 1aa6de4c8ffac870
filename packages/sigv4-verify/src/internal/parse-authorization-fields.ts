import { SigV4Error } from '../sigv4-error.js';
import { malformed, parseCredential, parseSignedHeaders } from './parse-credential.js';
import type { AuthContext } from './parsed-auth.js';

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** What the `Authorization` header of a SigV4 request says, checked against the gateway. */
export interface AuthorizationFields {
  accessKeyId: string;
  scopeDate: string;
  /** Frozen: shared between requests that sign the same list. */
  signedHeaders: readonly string[];
  signedHeaderList: string;
  /** Hex, as sent (compared case-insensitively). */
  signature: string;
}

/**
 * Parse and check `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`:
 * fields in any order, separated by commas, names and values trimmed, a repeated field's last
 * value winning; the credential scope must name this region and service.
 *
 * @throws {SigV4Error} `InvalidArgument` for another scheme, `AuthorizationHeaderMalformed` for
 *   a missing or malformed field or a wrong scope.
 */
export function parseAuthorizationFields(
  authorization: string,
  ctx: AuthContext,
): AuthorizationFields {
  const trimmed = authorization.trim();
  // The scheme, then whitespace (or nothing: then every field is missing). `slice` + `===`
  // rather than `startsWith`: V8 compares the latter character by character.
  const space = ALGORITHM.length;
  if (
    trimmed.slice(0, space) !== ALGORITHM ||
    (trimmed.length > space && !isWhitespace(trimmed.charAt(space)))
  ) {
    const at = firstWhitespace(trimmed);
    throw new SigV4Error('InvalidArgument', 'Unsupported Authorization Type', {
      ArgumentName: 'Authorization',
      ArgumentValue: at < 0 ? trimmed : trimmed.slice(0, at),
    });
  }
  let credential: string | undefined;
  let signedHeaderList: string | undefined;
  let signature: string | undefined;
  for (let start = space + 1; start > 0 && start <= trimmed.length;) {
    const comma = trimmed.indexOf(',', start);
    const end = comma < 0 ? trimmed.length : comma;
    const eq = trimmed.indexOf('=', start);
    if (eq >= 0 && eq < end) {
      const field = fieldAt(trimmed, skip(trimmed, start, eq), back(trimmed, start, eq));
      if (field !== 0) {
        const c = skip(trimmed, eq + 1, end);
        const value = trimmed.slice(c, back(trimmed, c, end));
        if (field === 1) credential = value;
        else if (field === 2) signedHeaderList = value;
        else signature = value;
      }
    }
    start = end + 1;
  }
  if (credential === undefined) {
    throw malformed(
      'header',
      'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    );
  }
  if (signedHeaderList === undefined) throw malformed('header', 'missing SignedHeaders.');
  if (signature === undefined) throw malformed('header', 'missing Signature.');
  const { accessKeyId, scopeDate } = parseCredential(credential, 'header', ctx);
  return {
    accessKeyId,
    scopeDate,
    signedHeaders: parseSignedHeaders(signedHeaderList, 'header'),
    signedHeaderList,
    signature,
  };
}

/** The first index in `[from, to)` that `trim` would keep (or `to`). */
function skip(text: string, from: number, to: number): number {
  while (from < to && isTrimmed(text.charCodeAt(from))) from++;
  return from;
}

/** One past the last index in `[from, to)` that `trim` would keep (or `from`). */
function back(text: string, from: number, to: number): number {
  while (to > from && isTrimmed(text.charCodeAt(to - 1))) to--;
  return to;
}

/** 1 `Credential`, 2 `SignedHeaders`, 3 `Signature` at `text[from, to)`, else 0. */
function fieldAt(text: string, from: number, to: number): 0 | 1 | 2 | 3 {
  const n = to - from;
  if (n !== 9 && n !== 10 && n !== 13) return 0;
  const name = text.slice(from, to);
  return name === 'Credential' ? 1 : name === 'SignedHeaders' ? 2 : name === 'Signature' ? 3 : 0;
}

/** What `String.prototype.trim` removes: ECMAScript white space and line terminators. */
function isTrimmed(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const WHITESPACE = /\s/;

function isWhitespace(char: string): boolean {
  return char === ' ' || WHITESPACE.test(char);
}

/** Index of the first character `/\s/` matches, or -1. */
function firstWhitespace(text: string): number {
  for (let i = 0; i < text.length; i++) if (isWhitespace(text.charAt(i))) return i;
  return -1;
}
