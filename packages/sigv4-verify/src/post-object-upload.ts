import type { Readable } from 'node:stream';
import type { FormPart } from './internal/multipart-form-parser.js';
import type { PostPolicyAuth } from './post-policy.js';

/** The `success_action_status` values S3 honours; anything else answers 204. */
export const POST_SUCCESS_STATUSES = [200, 201, 204] as const;

/** One of {@link POST_SUCCESS_STATUSES}. */
export type PostSuccessStatus = (typeof POST_SUCCESS_STATUSES)[number];

/** Form fields that become object headers (S3 POST Object "Request elements"). */
const HEADER_FIELDS = [
  'cache-control',
  'content-type',
  'content-disposition',
  'content-encoding',
  'content-language',
  'expires',
] as const;

/** A verified browser POST upload, ready for a PutObject. */
export interface PostObjectUpload {
  /** Who signed the policy; undefined for an anonymous form (`allowAnonymous`). */
  readonly auth: PostPolicyAuth | undefined;
  /** The object key, `${filename}` substituted. */
  readonly key: string;
  /** The file part's file name (base name), when the browser sent one. */
  readonly filename: string | undefined;
  /**
   * The file part's own `Content-Type`. S3 ignores it (the object gets the `Content-Type` field,
   * else `binary/octet-stream`); exposed for servers that want a fallback.
   */
  readonly fileContentType: string | undefined;
  /** Every form field before the file, by lower-case name (`key` substituted). */
  readonly fields: ReadonlyMap<string, string>;
  /** Standard object headers from the form (`content-type`, `cache-control`, …), lower-case. */
  readonly headers: Readonly<Record<string, string>>;
  /** `x-amz-meta-*` fields, names lower-case without the prefix. */
  readonly userMetadata: Readonly<Record<string, string>>;
  /** `x-amz-storage-class`, when given. */
  readonly storageClass: string | undefined;
  /** `x-amz-website-redirect-location`, when given. */
  readonly websiteRedirectLocation: string | undefined;
  /** Status to answer when there is no redirect: 200, 201 (with a `PostResponse` body) or 204. */
  readonly successActionStatus: PostSuccessStatus;
  /** `success_action_redirect` (or the legacy `redirect`): answer 303 to it on success. */
  readonly successActionRedirect: string | undefined;
  /** The file's bytes. Errors with a `SigV4Error` when the upload breaks the policy or the form. */
  readonly file: Readable;
  /** Checksums of the file (after `file` ended): algorithm → base64. */
  checksums(): Record<string, string>;
  /** File bytes so far. */
  readonly bytes: number;
}

/** The file stream as parsePostObject builds it. */
type FileSource = Readable & { readonly bytes: number; checksums(): Record<string, string> };

/** Assemble the {@link PostObjectUpload} view of a verified form. */
export function toPostObjectUpload(
  auth: PostPolicyAuth | undefined,
  fields: ReadonlyMap<string, string>,
  filename: string | undefined,
  part: FormPart,
  file: FileSource,
): PostObjectUpload {
  const headers: Record<string, string> = {};
  const userMetadata: Record<string, string> = {};
  for (const [name, value] of fields) {
    if ((HEADER_FIELDS as readonly string[]).includes(name)) headers[name] = value;
    else if (name.startsWith('x-amz-meta-')) userMetadata[name.slice(11)] = value;
  }
  const status = Number(fields.get('success_action_status'));
  return {
    auth,
    key: fields.get('key') ?? '',
    filename,
    fileContentType: part.contentType,
    fields,
    headers,
    userMetadata,
    storageClass: fields.get('x-amz-storage-class'),
    websiteRedirectLocation: fields.get('x-amz-website-redirect-location'),
    successActionStatus: (POST_SUCCESS_STATUSES as readonly number[]).includes(status)
      ? (status as PostSuccessStatus)
      : 204,
    successActionRedirect: fields.get('success_action_redirect') ?? fields.get('redirect'),
    file,
    checksums: () => file.checksums(),
    get bytes() {
      return file.bytes;
    },
  };
}

/**
 * The `Location` of the 303 S3 answers a successful POST with `success_action_redirect`: the
 * redirect URL with `bucket`, `key` and `etag` (quoted) query parameters appended.
 *
 * @returns `undefined` when `redirect` is not an absolute http(s) URL (S3 then answers as if no
 *   redirect had been given).
 */
export function postRedirectLocation(
  redirect: string,
  result: { bucket: string; key: string; etag: string },
): string | undefined {
  let url: URL;
  try {
    url = new URL(redirect);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.searchParams.append('bucket', result.bucket);
  url.searchParams.append('key', result.key);
  url.searchParams.append('etag', `"${result.etag}"`);
  return url.toString();
}
