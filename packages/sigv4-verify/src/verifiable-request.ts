/**
 * Request headers as a Node HTTP server exposes them: lower-case names; a repeated header either
 * joined with `,` or as an array (`req.headersDistinct` gives arrays, which is the exact form
 * SigV4 needs: `req.headers` joins with `, ` which differs for repeated signed headers).
 */
export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The parts of an HTTP request that SigV4 covers, exactly as they arrived on the wire. */
export interface VerifiableRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Raw path exactly as received on the wire (still percent-encoded), without the query string. */
  path: string;
  /** Raw query string without '?', as received (may be ''). */
  query: string;
  /** Lower-case header names; repeated headers joined with ',' or given as string[]. */
  headers: HeaderMap;
  /**
   * The bucket named by the `Host` header of a virtual-hosted-style request. Only SigV2 uses it:
   * its CanonicalizedResource is `/bucket` + path for such requests. Leave it out for path-style
   * requests (the path already starts with the bucket). SigV4 ignores it.
   */
  virtualHostBucket?: string;
}
