import { S3Error } from '@strata/s3-xml';
import type { ObjectRecord } from '@strata/metastore-core';
import { encryptionHeaders } from './server-side-encryption.js';
import { objectLockHeaders } from './object-lock.js';

/** Standard headers stored with an object and returned on GET/HEAD. */
export const STORED_HEADERS = [
  'content-type',
  'content-encoding',
  'content-disposition',
  'content-language',
  'cache-control',
  'expires',
  'x-amz-website-redirect-location',
] as const;

/** `response-*` query parameters and the header each overrides (GetObject). */
export const RESPONSE_OVERRIDES = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
} as const;

/**
 * Checks `response-*` overrides before anything is read: a value that cannot be a header value
 * (control characters) is `InvalidArgument`, not a failure halfway through the response.
 */
export function assertResponseOverrides(query: URLSearchParams): void {
  for (const param of Object.keys(RESPONSE_OVERRIDES)) {
    const value = query.get(param);
    // RFC 9110 field-value: visible ASCII, obs-text, space and tab.
    if (value !== null && /[^\t\x20-\x7e\x80-\xff]/.test(value)) {
      throw new S3Error('InvalidArgument', {
        message: `Header value for ${param} is not valid.`,
        extra: { ArgumentName: param, ArgumentValue: value },
      });
    }
  }
}

/** Options for {@link objectHeaders}. */
export interface ObjectHeadersOptions {
  /** `x-amz-checksum-mode: ENABLED` was sent. */
  readonly checksumMode?: boolean;
  readonly query?: URLSearchParams;
  readonly partsCount?: number | undefined;
}

/** The response headers describing an object, as GetObject/HeadObject send them. */
export function objectHeaders(
  record: ObjectRecord,
  options: ObjectHeadersOptions = {},
): Record<string, string> {
  const out: Record<string, string> = {
    // A record rebuilt in degraded mode has no known ETag: sending none beats a wrong one.
    ...(record.etag === '' ? {} : { etag: `"${record.etag}"` }),
    'last-modified': record.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    'content-type': 'binary/octet-stream',
  };
  for (const name of STORED_HEADERS) {
    const value = record.headers[name];
    if (value !== undefined) out[name] = value;
  }
  for (const [name, value] of Object.entries(record.userMetadata))
    out[`x-amz-meta-${name}`] = value;
  if (record.storageClass && record.storageClass !== 'STANDARD')
    out['x-amz-storage-class'] = record.storageClass;
  if (options.partsCount !== undefined) out['x-amz-mp-parts-count'] = String(options.partsCount);
  Object.assign(out, encryptionHeaders(record.encryption));
  Object.assign(out, objectLockHeaders(record.lock));
  const tagCount = Object.keys(record.tags ?? {}).length;
  if (tagCount > 0) out['x-amz-tagging-count'] = String(tagCount);
  if (options.checksumMode)
    Object.assign(out, checksumHeaders(record.checksums, record.checksumType));
  const query = options.query;
  if (query) {
    for (const [param, header] of Object.entries(RESPONSE_OVERRIDES)) {
      const value = query.get(param);
      if (value !== null) out[header] = value;
    }
  }
  return out;
}

/** `x-amz-checksum-<alg>` headers for stored checksums. */
export function checksumHeaders(
  checksums: Readonly<Record<string, string>>,
  type?: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [algorithm, value] of Object.entries(checksums)) {
    out[`x-amz-checksum-${algorithm.toLowerCase()}`] = value;
  }
  if (type && Object.keys(checksums).length > 0) out['x-amz-checksum-type'] = type;
  return out;
}

/** Extracts what a writer sends: standard headers and `x-amz-meta-*`, lower-case. */
export function metadataFromRequest(headers: Headers): {
  headers: Record<string, string>;
  userMetadata: Record<string, string>;
} {
  const stored: Record<string, string> = {};
  const userMetadata: Record<string, string> = {};
  headers.forEach((value, name) => {
    if ((STORED_HEADERS as readonly string[]).includes(name)) stored[name] = value;
    else if (name.startsWith('x-amz-meta-')) userMetadata[name.slice('x-amz-meta-'.length)] = value;
  });
  return { headers: stored, userMetadata };
}
