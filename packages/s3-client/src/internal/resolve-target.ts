import { isIP } from 'node:net';
import { encodeKeyPath } from './encode-uri.js';

/** Where a request goes: the origin undici connects to, the `Host` header and the raw path. */
export interface Target {
  origin: string;
  host: string;
  /** Encoded path, without the query. */
  path: string;
}

// https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html: lowercase
// letters, digits, hyphens; dots would break the TLS wildcard certificate of virtual hosts.
const DNS_BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

function defaultPathStyle(endpoint: URL): boolean {
  const host = endpoint.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) !== 0 || host === 'localhost';
}

/**
 * Builds the target of a request on `bucket`/`key`: path style (`/bucket/key`) or virtual-hosted
 * style (`bucket.host/key`), with any path prefix of the endpoint kept.
 */
export function resolveTarget(
  endpoint: URL,
  forcePathStyle: boolean | undefined,
  bucket: string | undefined,
  key: string | undefined,
): Target {
  const base = endpoint.pathname.replace(/\/+$/, '');
  const keyPath = key === undefined ? '' : `/${encodeKeyPath(key)}`;
  const pathStyle = forcePathStyle ?? defaultPathStyle(endpoint);
  if (bucket === undefined) {
    return { origin: endpoint.origin, host: endpoint.host, path: `${base}/` };
  }
  if (pathStyle || !DNS_BUCKET.test(bucket)) {
    return {
      origin: endpoint.origin,
      host: endpoint.host,
      path: `${base}/${encodeKeyPath(bucket)}${keyPath}`,
    };
  }
  const host = `${bucket}.${endpoint.host}`;
  return {
    origin: `${endpoint.protocol}//${host}`,
    host,
    path: `${base}${keyPath === '' ? '/' : keyPath}`,
  };
}
