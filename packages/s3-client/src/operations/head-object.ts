import type { ClientContext } from '../internal/client-context.js';
import { parseObjectHeaders } from '../internal/headers.js';
import { drain } from '../internal/read-text.js';
import { send } from '../internal/send.js';
import type { ObjectHeaders } from '../types.js';
import { readHeaders, type GetObjectOptions } from './get-object.js';

/** HeadObject. A missing key is an `S3ClientError` with status 404 and code `NotFound`. */
export async function headObject(
  ctx: ClientContext,
  bucket: string,
  key: string,
  options: GetObjectOptions = {},
): Promise<ObjectHeaders> {
  const { headers, query } = readHeaders(options);
  return send(
    ctx,
    { method: 'HEAD', bucket, key, headers, query, idempotent: true, signal: options.signal },
    async (res) => {
      await drain(res.body);
      return parseObjectHeaders(res.headers);
    },
  );
}
