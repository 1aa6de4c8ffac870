import type { HeaderMap } from '../verifiable-request.js';
import { sha256Hex } from './crypto.js';
import { canonicalHeaderValue } from './header-value.js';

/** Inputs of the SigV4 canonical request, already canonicalized where it matters. */
export interface CanonicalRequestParts {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  headers: HeaderMap;
  signedHeaders: readonly string[];
  /** `signedHeaders.join(';')` when the caller has it already. */
  signedHeaderList?: string;
  payloadHash: string;
}

/**
 * The canonical request (AWS SigV4, "Create a canonical request"): method, URI, query, one
 * `name:value` line per signed header in the order listed, a blank line, the signed header
 * list, and the payload hash. A signed header that is absent contributes an empty value, so the
 * signature simply fails to match rather than being skipped.
 */
export function buildCanonicalRequest(parts: CanonicalRequestParts): string {
  // One string built by appending (V8 ropes), no intermediate arrays: this runs per request.
  let out = `${parts.method}\n${parts.canonicalUri}\n${parts.canonicalQuery}\n`;
  for (const name of parts.signedHeaders) {
    const value = parts.headers[name];
    out += `${name}:${value === undefined ? '' : canonicalHeaderValue(value)}\n`;
  }
  const list = parts.signedHeaderList ?? parts.signedHeaders.join(';');
  return `${out}\n${list}\n${parts.payloadHash}`;
}

/** `AWS4-HMAC-SHA256\n{datetime}\n{scope}\n{hex(sha256(canonical request))}`. */
export function buildStringToSign(
  datetime: string,
  scope: string,
  canonicalRequest: string,
): string {
  return `AWS4-HMAC-SHA256\n${datetime}\n${scope}\n${sha256Hex(canonicalRequest)}`;
}

/** Bytes of a string as AWS shows them in `StringToSignBytes` (`41 57 53 34 …`). */
export function toSpacedHex(text: string): string {
  return Buffer.from(text, 'utf8')
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
}
