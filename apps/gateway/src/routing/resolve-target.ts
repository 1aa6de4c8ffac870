import { S3Error } from '@strata/s3-xml';

/** Which bucket and key a request addresses, and the raw URL parts auth needs. */
export interface S3Target {
  readonly bucket?: string | undefined;
  readonly key?: string | undefined;
  readonly style: 'path' | 'virtual';
  /** Path exactly as received (still percent-encoded). */
  readonly rawPath: string;
  /** Query string as received, without `?`. */
  readonly rawQuery: string;
  /** Decoded query parameters. */
  readonly query: URLSearchParams;
  /** The Host the client addressed (`X-Forwarded-Host` when the proxy is trusted). */
  readonly host: string | undefined;
  /** The scheme the client used (`X-Forwarded-Proto` when the proxy is trusted). */
  readonly scheme: 'http' | 'https';
}

/** Options for {@link resolveTarget}. */
export interface ResolveTargetOptions {
  /** Base domain for virtual-host style (`bucket.DOMAIN`). */
  readonly domain?: string | undefined;
  /** The scheme of the connection (or the trusted proxy's `X-Forwarded-Proto`). */
  readonly scheme?: 'http' | 'https';
}

/**
 * Splits a request URL into bucket and key, path style (`/bucket/key`) or virtual-host style
 * (`bucket.domain/key`). The key is percent-decoded once, byte for byte as the client encoded it;
 * a malformed escape is `InvalidURI`.
 */
export function resolveTarget(
  rawUrl: string,
  host: string | undefined,
  options: ResolveTargetOptions = {},
): S3Target {
  const q = rawUrl.indexOf('?');
  const rawPath = q === -1 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
  const query = new URLSearchParams(rawQuery);
  const scheme = options.scheme ?? 'http';
  const hostBucket = virtualHostBucket(host, options.domain);
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  if (hostBucket !== undefined) {
    return {
      bucket: hostBucket,
      key: decodeKey(path),
      style: 'virtual',
      rawPath,
      rawQuery,
      query,
      host,
      scheme,
    };
  }
  const slash = path.indexOf('/');
  const bucket = decode(slash === -1 ? path : path.slice(0, slash));
  const key = slash === -1 ? undefined : decodeKey(path.slice(slash + 1));
  return {
    bucket: bucket || undefined,
    key,
    style: 'path',
    rawPath,
    rawQuery,
    query,
    host,
    scheme,
  };
}

function virtualHostBucket(
  host: string | undefined,
  domain: string | undefined,
): string | undefined {
  if (!host || !domain) return undefined;
  const name = host.replace(/:\d+$/, '').toLowerCase();
  const suffix = `.${domain.toLowerCase()}`;
  if (!name.endsWith(suffix) || name.length === suffix.length) return undefined;
  return name.slice(0, -suffix.length);
}

function decodeKey(encoded: string): string | undefined {
  return encoded === '' ? undefined : decode(encoded);
}

function decode(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new S3Error('InvalidURI', { message: "Couldn't parse the specified URI." });
  }
}
