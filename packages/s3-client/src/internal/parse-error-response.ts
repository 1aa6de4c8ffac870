import { S3ClientError } from '../s3-client-error.js';
import { readText } from './read-text.js';
import { parseXml, type XmlNode } from './xml.js';
import type { Readable } from 'node:stream';

/** Error bodies are a few hundred bytes; anything past this is not an S3 error document. */
export const MAX_ERROR_BODY = 64 * 1024;

// Codes for replies without a body (HEAD, or a proxy's empty 5xx): what AWS SDKs use.
const STATUS_CODES: Readonly<Record<number, string>> = {
  301: 'PermanentRedirect',
  304: 'NotModified',
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  412: 'PreconditionFailed',
  416: 'InvalidRange',
  429: 'TooManyRequests',
  500: 'InternalError',
  501: 'NotImplemented',
  503: 'ServiceUnavailable',
};

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Builds an {@link S3ClientError} from a parsed `<Error>` element. */
export function errorFromXml(
  root: XmlNode,
  status: number,
  headers: Headers,
  attempts: number,
): S3ClientError {
  const leaves: Record<string, string> = {};
  for (const child of root.children)
    if (child.children.length === 0) leaves[child.name] = child.text;
  const { Code, Message, RequestId, HostId, Resource, ...details } = leaves;
  return new S3ClientError({
    code: Code ?? STATUS_CODES[status] ?? `Http${status}`,
    status,
    message: Message,
    requestId: RequestId ?? header(headers, 'x-amz-request-id'),
    hostId: HostId ?? header(headers, 'x-amz-id-2'),
    resource: Resource,
    details,
    attempts,
  });
}

/**
 * Reads an error reply (body capped at {@link MAX_ERROR_BODY}) into an {@link S3ClientError}:
 * the `<Error>` document when there is one, otherwise a code derived from the status.
 */
export async function parseErrorResponse(
  status: number,
  headers: Headers,
  body: Readable,
  attempts: number,
): Promise<S3ClientError> {
  const text = await readText(body, MAX_ERROR_BODY);
  const root = text === undefined || text === '' ? undefined : parseXml(text);
  if (root?.name === 'Error') return errorFromXml(root, status, headers, attempts);
  return new S3ClientError({
    code: STATUS_CODES[status] ?? `Http${status}`,
    status,
    requestId: header(headers, 'x-amz-request-id'),
    hostId: header(headers, 'x-amz-id-2'),
    attempts,
  });
}
