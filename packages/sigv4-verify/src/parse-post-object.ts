import type { Readable } from 'node:stream';
import {
  isValidChecksumValue,
  parseChecksumHeaderName,
  type ChecksumAlgorithm,
} from '@strata/checksums';
import type { SigV4Verifier } from './create-sigv4-verifier.js';
import { malformedPost } from './internal/multipart-form-parser.js';
import { PostObjectReader } from './internal/post-object-reader.js';
import { checkPostPolicy } from './post-policy.js';
import { SigV4Error } from './sigv4-error.js';
import { toPostObjectUpload, type PostObjectUpload } from './post-object-upload.js';

/** Options of {@link parsePostObject}. */
export interface PostObjectOptions {
  /** Verifies the policy signature (its `verifyPostPolicy`). */
  verifier: Pick<SigV4Verifier, 'verifyPostPolicy'>;
  /** The bucket the request addresses (checked against a `bucket` condition). */
  bucket: string;
  /** The request's `Content-Type` header: `multipart/form-data; boundary=…`. */
  contentType: string | undefined;
  /** More checksums to compute over the file, e.g. `['CRC64NVME']`. */
  computeChecksums?: readonly ChecksumAlgorithm[];
  /** Limit of the form fields before the file, in bytes. Default 20 KiB (S3's limit). */
  maxFieldsBytes?: number;
  /** Clock for the policy's expiration, for tests. Default `() => new Date()`. */
  now?: () => Date;
  /**
   * Accept a form with no policy and no signature fields at all as an anonymous upload
   * (`auth` undefined, no policy to check): S3 lets one into a bucket that grants anonymous
   * `s3:PutObject`, which the caller must then decide. Default false: such a form is
   * `AccessDenied`, as from a verifier alone.
   */
  allowAnonymous?: boolean;
}

/** The fields that sign a form, V4 or V2: a form with none of them is anonymous. */
const SIGNING_FIELDS = [
  'policy',
  'x-amz-signature',
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'signature',
  'awsaccesskeyid',
] as const;

/** Whether the form carries none of the {@link SIGNING_FIELDS}: an anonymous upload. */
export function isAnonymousForm(fields: ReadonlyMap<string, string>): boolean {
  return SIGNING_FIELDS.every((name) => !fields.has(name));
}

const DEFAULT_MAX_FIELDS_BYTES = 20 * 1024;

/**
 * Extract the boundary of a `multipart/form-data` Content-Type.
 *
 * @throws {SigV4Error} `PreconditionFailed` (412, as S3) when the request is not
 *   `multipart/form-data`; `MalformedPOSTRequest` when it has no usable boundary.
 */
export function parseFormBoundary(contentType: string | undefined): string {
  const [type, ...params] = (contentType ?? '').split(';');
  if (type?.trim().toLowerCase() !== 'multipart/form-data') {
    throw new SigV4Error(
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      { Condition: 'Bucket POST must be of the enclosure-type multipart/form-data' },
    );
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    if (param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    const value = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    // RFC 2046: 1 to 70 characters.
    if (value.length >= 1 && value.length <= 70) return value;
  }
  throw malformedPost();
}

/**
 * Read an S3 browser POST upload (`POST /bucket` with `multipart/form-data`): parse the form
 * fields up to the `file` part, verify the policy signature, check the policy's expiration and
 * conditions (with `${filename}` substituted into `key`), and hand back the fields and the file
 * as a `Readable` that streams straight from `body` with backpressure (never buffered).
 *
 * While the file streams it enforces the policy's `content-length-range` (`EntityTooLarge` as
 * soon as the file is too big, `EntityTooSmall` at its end), verifies any `x-amz-checksum-*`
 * field (`BadDigest`) and finally requires the closing boundary (`IncompleteBody`); each of these
 * errors the `file` stream, so a consumer using `stream/promises.pipeline` stores nothing. Fields
 * after the file are ignored, as S3 does.
 *
 * With `allowAnonymous`, a form that carries no policy and no signature field is an anonymous
 * upload: `auth` is undefined and there is no policy to check; whether the bucket takes it is
 * the caller's to decide.
 *
 * @returns once the policy is verified; read `file` to the end before committing.
 * @throws {SigV4Error} `PreconditionFailed`, `MalformedPOSTRequest`,
 *   `MaxPostPreDataLengthExceededError`, `InvalidArgument` (no `file`, no `key`, a duplicate
 *   field), `IncompleteBody`, everything `verifyPostPolicy` throws, `AccessDenied`
 *   ("Invalid according to Policy: …").
 * @example
 * ```ts
 * const upload = await parsePostObject(req, {
 *   verifier, bucket: 'photos', contentType: req.headers['content-type'],
 * });
 * await pipeline(upload.file, storage.createWriteStream(upload.key));
 * ```
 */
export async function parsePostObject(
  body: Readable,
  options: PostObjectOptions,
): Promise<PostObjectUpload> {
  const reader = new PostObjectReader(body, parseFormBoundary(options.contentType), {
    maxFieldsBytes: options.maxFieldsBytes ?? DEFAULT_MAX_FIELDS_BYTES,
  });
  const { fields, part } = await reader.readFields();
  const anonymous = options.allowAnonymous === true && isAnonymousForm(fields);
  const auth = anonymous ? undefined : await options.verifier.verifyPostPolicy(fields);
  const filename = part.filename === undefined ? undefined : baseName(part.filename);
  const key = fields.get('key');
  if (key === undefined) {
    throw new SigV4Error(
      'InvalidArgument',
      "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
      { ArgumentName: 'key', ArgumentValue: '' },
    );
  }
  fields.set('key', key.replaceAll('${filename}', filename ?? ''));
  // An anonymous form has no policy: no conditions, no content-length-range.
  const range =
    auth === undefined
      ? { min: 0, max: Number.MAX_SAFE_INTEGER }
      : checkPostPolicy(auth.policy, fields, {
          bucket: options.bucket,
          now: options.now?.() ?? new Date(),
        });
  const file = reader.startFile(range, expectedChecksums(fields), options.computeChecksums ?? []);
  return toPostObjectUpload(auth, fields, filename, part, file);
}

/** Browsers send a base name, old ones a full client path: keep what follows the last separator. */
function baseName(filename: string): string {
  return filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
}

function expectedChecksums(fields: ReadonlyMap<string, string>): Map<ChecksumAlgorithm, string> {
  const out = new Map<ChecksumAlgorithm, string>();
  for (const [name, value] of fields) {
    const algorithm = parseChecksumHeaderName(name);
    if (algorithm === undefined) continue;
    if (!isValidChecksumValue(algorithm, value)) {
      throw new SigV4Error('InvalidRequest', `Value for ${name} header is invalid.`);
    }
    out.set(algorithm, value);
  }
  return out;
}
