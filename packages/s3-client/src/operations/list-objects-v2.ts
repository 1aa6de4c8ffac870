import type { ClientContext } from '../internal/client-context.js';
import { readXml } from '../internal/read-xml.js';
import { send } from '../internal/send.js';
import { childText, childrenOf, unquote, type XmlNode } from '../internal/xml.js';
import type { CallOptions } from '../types.js';

/** Options of `listObjectsV2`. */
export interface ListObjectsV2Options extends CallOptions {
  prefix?: string;
  delimiter?: string;
  continuationToken?: string;
  startAfter?: string;
  /** At most 1 000 (S3's cap). */
  maxKeys?: number;
}

/** One key of a listing. */
export interface ListedObjectEntry {
  key: string;
  size: number;
  /** ETag without quotes. */
  etag: string | undefined;
  lastModified: Date | undefined;
  storageClass: string | undefined;
}

/** One page of ListObjectsV2. */
export interface ListObjectsV2Page {
  contents: ListedObjectEntry[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** Pass as `continuationToken` for the next page. */
  nextContinuationToken: string | undefined;
  keyCount: number;
}

// Keys are requested URL-encoded: XML 1.0 cannot carry some characters S3 allows in keys.
function decoder(root: XmlNode): (value: string) => string {
  return childText(root, 'EncodingType') === 'url'
    ? (v) => decodeURIComponent(v.replace(/\+/g, ' '))
    : (v) => v;
}

function toEntry(node: XmlNode, decode: (v: string) => string): ListedObjectEntry {
  const lastModified = childText(node, 'LastModified');
  return {
    key: decode(childText(node, 'Key') ?? ''),
    size: Number(childText(node, 'Size') ?? '0'),
    etag: unquote(childText(node, 'ETag')),
    lastModified: lastModified === undefined ? undefined : new Date(lastModified),
    storageClass: childText(node, 'StorageClass'),
  };
}

function toQuery(options: ListObjectsV2Options): Record<string, string> {
  const query: Record<string, string> = { 'list-type': '2', 'encoding-type': 'url' };
  if (options.prefix !== undefined) query.prefix = options.prefix;
  if (options.delimiter !== undefined) query.delimiter = options.delimiter;
  if (options.continuationToken !== undefined) {
    query['continuation-token'] = options.continuationToken;
  }
  if (options.startAfter !== undefined) query['start-after'] = options.startAfter;
  if (options.maxKeys !== undefined) query['max-keys'] = String(options.maxKeys);
  return query;
}

/** ListObjectsV2: one page. */
export async function listObjectsV2(
  ctx: ClientContext,
  bucket: string,
  options: ListObjectsV2Options = {},
): Promise<ListObjectsV2Page> {
  return send(
    ctx,
    { method: 'GET', bucket, query: toQuery(options), idempotent: true, signal: options.signal },
    async (res) => {
      const root = await readXml(res, 'ListBucketResult');
      const decode = decoder(root);
      const contents = childrenOf(root, 'Contents').map((n) => toEntry(n, decode));
      return {
        contents,
        commonPrefixes: childrenOf(root, 'CommonPrefixes').map((n) =>
          decode(childText(n, 'Prefix') ?? ''),
        ),
        isTruncated: childText(root, 'IsTruncated') === 'true',
        nextContinuationToken: childText(root, 'NextContinuationToken'),
        keyCount: Number(childText(root, 'KeyCount') ?? contents.length),
      };
    },
  );
}

/** Every page of a listing, following continuation tokens. */
export async function* listObjectsV2Pages(
  ctx: ClientContext,
  bucket: string,
  options: Omit<ListObjectsV2Options, 'continuationToken'> = {},
): AsyncGenerator<ListObjectsV2Page, void, undefined> {
  let continuationToken: string | undefined;
  do {
    const page = await listObjectsV2(ctx, bucket, {
      ...options,
      ...(continuationToken === undefined ? {} : { continuationToken }),
    });
    yield page;
    // A truncated page without a token would loop forever on the first page.
    continuationToken = page.isTruncated ? page.nextContinuationToken : undefined;
  } while (continuationToken !== undefined);
}
