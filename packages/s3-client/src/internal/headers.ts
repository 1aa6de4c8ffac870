import type { Dispatcher } from 'undici';
import type { ObjectHeaders } from '../types.js';
import { unquote } from './xml.js';

type Headers = Dispatcher.ResponseData['headers'];

/** First value of a response header. */
export function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A numeric header, or `undefined` when absent or not a number. */
export function numberHeader(headers: Headers, name: string): number | undefined {
  const value = header(headers, name);
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * `x-amz-meta-*` request headers. Values travel as HTTP header values, so they must be
 * printable ASCII; encode anything else yourself (S3 does not define an encoding).
 */
export function metadataHeaders(metadata: Readonly<Record<string, string>> | undefined) {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(metadata ?? {})) {
    out[`x-amz-meta-${name.toLowerCase()}`] = value;
  }
  return out;
}

/** Reads {@link ObjectHeaders} from a reply. */
export function parseObjectHeaders(headers: Headers): ObjectHeaders {
  const metadata: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    if (name.startsWith('x-amz-meta-')) metadata[name.slice(11)] = header(headers, name) ?? '';
  }
  const lastModified = header(headers, 'last-modified');
  return {
    etag: unquote(header(headers, 'etag')),
    contentLength: numberHeader(headers, 'content-length'),
    contentType: header(headers, 'content-type'),
    lastModified: lastModified === undefined ? undefined : new Date(lastModified),
    versionId: header(headers, 'x-amz-version-id'),
    metadata,
    requestId: header(headers, 'x-amz-request-id'),
  };
}
