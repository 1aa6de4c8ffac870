import { createChecksum } from '@strata/checksums';
import { escapeXml } from '@strata/s3-xml';
import type { ClientContext } from '../internal/client-context.js';
import { readXml } from '../internal/read-xml.js';
import { RequestBody } from '../internal/request-body.js';
import { send } from '../internal/send.js';
import { childText, childrenOf } from '../internal/xml.js';
import type { CallOptions } from '../types.js';

/** S3 takes at most this many keys per DeleteObjects request. */
export const MAX_KEYS_PER_DELETE = 1000;

/** A key to delete, optionally one version of it. */
export interface ObjectIdentifier {
  key: string;
  versionId?: string;
}

/** Result of `deleteObjects`. */
export interface DeleteObjectsResult {
  /** Keys deleted (absent in quiet mode). */
  deleted: ObjectIdentifier[];
  /** Keys S3 could not delete, with the S3 code. */
  errors: { key: string; versionId?: string; code: string; message: string }[];
}

function serialize(objects: readonly ObjectIdentifier[], quiet: boolean): string {
  const items = objects.map(
    (o) =>
      `<Object><Key>${escapeXml(o.key)}</Key>${
        o.versionId === undefined ? '' : `<VersionId>${escapeXml(o.versionId)}</VersionId>`
      }</Object>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>${quiet}</Quiet>${items.join('')}</Delete>`;
}

function withVersion(key: string, versionId: string | undefined): ObjectIdentifier {
  return versionId === undefined ? { key } : { key, versionId };
}

/** One DeleteObjects request of at most {@link MAX_KEYS_PER_DELETE} keys. */
async function deleteBatch(
  ctx: ClientContext,
  bucket: string,
  objects: readonly ObjectIdentifier[],
  options: DeleteObjectsOptions,
): Promise<DeleteObjectsResult> {
  const xml = Buffer.from(serialize(objects, options.quiet ?? false), 'utf8');
  // S3 requires Content-MD5 (or a checksum) on DeleteObjects.
  const md5 = createChecksum('MD5');
  md5.update(xml);
  return send(
    ctx,
    {
      method: 'POST',
      bucket,
      query: { delete: '' },
      headers: { 'content-md5': md5.digest(), 'content-type': 'application/xml' },
      body: new RequestBody(xml),
      idempotent: true,
      signal: options.signal,
    },
    async (res) => {
      const root = await readXml(res, 'DeleteResult');
      return {
        deleted: childrenOf(root, 'Deleted').map((d) =>
          withVersion(childText(d, 'Key') ?? '', childText(d, 'VersionId')),
        ),
        errors: childrenOf(root, 'Error').map((e) => ({
          ...withVersion(childText(e, 'Key') ?? '', childText(e, 'VersionId')),
          code: childText(e, 'Code') ?? '',
          message: childText(e, 'Message') ?? '',
        })),
      };
    },
  );
}

/** Options of `deleteObjects`. */
export interface DeleteObjectsOptions extends CallOptions {
  /** Quiet mode: S3 reports only failures. */
  quiet?: boolean;
}

/** DeleteObjects, in batches of 1 000 keys sent one after another. */
export async function deleteObjects(
  ctx: ClientContext,
  bucket: string,
  objects: readonly (string | ObjectIdentifier)[],
  options: DeleteObjectsOptions = {},
): Promise<DeleteObjectsResult> {
  const ids = objects.map((o) => (typeof o === 'string' ? { key: o } : o));
  const result: DeleteObjectsResult = { deleted: [], errors: [] };
  for (let at = 0; at < ids.length; at += MAX_KEYS_PER_DELETE) {
    const batch = await deleteBatch(ctx, bucket, ids.slice(at, at + MAX_KEYS_PER_DELETE), options);
    result.deleted.push(...batch.deleted);
    result.errors.push(...batch.errors);
  }
  return result;
}
