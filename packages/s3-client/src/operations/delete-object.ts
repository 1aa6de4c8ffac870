import type { ClientContext } from '../internal/client-context.js';
import { header } from '../internal/headers.js';
import { drain } from '../internal/read-text.js';
import { send } from '../internal/send.js';
import type { CallOptions } from '../types.js';

/** Options of `deleteObject`. */
export interface DeleteObjectOptions extends CallOptions {
  versionId?: string;
}

/** Result of `deleteObject`. */
export interface DeleteObjectResult {
  deleteMarker: boolean;
  versionId: string | undefined;
  requestId: string | undefined;
}

/** DeleteObject. Deleting a missing key succeeds, as in S3. */
export async function deleteObject(
  ctx: ClientContext,
  bucket: string,
  key: string,
  options: DeleteObjectOptions = {},
): Promise<DeleteObjectResult> {
  const query: Record<string, string> =
    options.versionId === undefined ? {} : { versionId: options.versionId };
  return send(
    ctx,
    { method: 'DELETE', bucket, key, query, idempotent: true, signal: options.signal },
    async (res) => {
      await drain(res.body);
      return {
        deleteMarker: header(res.headers, 'x-amz-delete-marker') === 'true',
        versionId: header(res.headers, 'x-amz-version-id'),
        requestId: header(res.headers, 'x-amz-request-id'),
      };
    },
  );
}
