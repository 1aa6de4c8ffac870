import { escapeXml } from './escape-xml.js';
import { XML_DECLARATION, element, optionalElement } from './internal/xml-writer.js';
import type { S3Error } from './s3-error.js';

/** What the HTTP edge knows about the failed request. */
export interface ErrorContext {
  /** `<Resource>`, e.g. `/bucket/key`; the error's own `resource` wins when set. */
  resource: string;
  /** The request's `x-amz-request-id`. */
  requestId: string;
  /** The request's `x-amz-id-2`. */
  hostId?: string;
}

/**
 * Renders an S3 error body exactly as S3 does:
 * `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>…</Code><Message>…</Message>[extra
 * elements]<Resource>…</Resource><RequestId>…</RequestId><HostId>…</HostId></Error>`.
 * `<Error>` carries no namespace. `<Resource>` is left out when empty, `<HostId>` when not given.
 *
 * Never throws for a valid {@link S3Error}, so it is safe on the error path. The caller sets the
 * status and `err.headers`; a 304 (`NotModified`) must be sent without this body.
 *
 * @example
 * ```ts
 * serializeError(new S3Error('NoSuchBucket'), { resource: '/b', requestId: 'R1' });
 * ```
 */
export function serializeError(err: S3Error, ctx: ErrorContext): string {
  let extra = '';
  for (const [name, value] of Object.entries(err.extra)) extra += element(name, value);
  const resource = err.resource ?? ctx.resource;
  return (
    `${XML_DECLARATION}<Error>` +
    element('Code', err.code) +
    element('Message', err.message) +
    extra +
    (resource === '' ? '' : `<Resource>${escapeXml(resource)}</Resource>`) +
    element('RequestId', ctx.requestId) +
    optionalElement('HostId', ctx.hostId) +
    '</Error>'
  );
}
