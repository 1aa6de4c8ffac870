/**
 * RFC 3986 percent-encoding as SigV4 wants it: everything but unreserved characters
 * (`A-Z a-z 0-9 - _ . ~`), UTF-8 first. `encodeURIComponent` leaves `!'()*` alone, so those are
 * encoded here. The signer's canonical query uses the same rule, so the wire and the signature
 * agree.
 */
export function encodeUriComponent(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** An object key as a URI path: each `/`-separated segment encoded, slashes kept. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeUriComponent).join('/');
}

/** A query string in the order given, `?`-prefixed, or `''` when empty. */
export function toQueryString(query: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(query).map(
    ([k, v]) => `${encodeUriComponent(k)}=${encodeUriComponent(v)}`,
  );
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}
