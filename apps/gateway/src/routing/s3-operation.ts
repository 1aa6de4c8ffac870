import type { S3Permission } from '../auth/s3-permissions.js';
import type { Handler } from '../handlers/internal/handler.js';
import type { OperationName } from './operation-names.js';

/** HTTP methods S3 operations use. */
export const OPERATION_METHODS = ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'] as const;

/** One of {@link OPERATION_METHODS}. */
export type OperationMethod = (typeof OPERATION_METHODS)[number];

/** What a request addresses: the service (`/`), a bucket, or an object (a bucket and a key). */
export const OPERATION_TARGETS = ['service', 'bucket', 'object'] as const;

/** One of {@link OPERATION_TARGETS}. */
export type OperationTarget = (typeof OPERATION_TARGETS)[number];

/**
 * One row of the operation table: how a request is recognised as this operation, what it needs,
 * and who serves it. A request matches when its method and target are these, its query names
 * exactly the {@link S3Operation.subresource} (or no sub-resource), and it carries every
 * {@link S3Operation.query} parameter and, with {@link S3Operation.copySource}, the
 * `x-amz-copy-source` header.
 */
export interface S3Operation {
  /** The AWS API operation name (`PutObject`). */
  readonly name: OperationName;
  readonly method: OperationMethod;
  readonly target: OperationTarget;
  /** The one sub-resource the query must name (`acl` for `?acl`); absent: it must name none. */
  readonly subresource?: string;
  /**
   * Plain query parameters that must be present (`true`) or have a given value (`list-type=2`).
   * They tell apart operations that share method, target and sub-resource (UploadPart is a PUT
   * of an object with `uploadId` and `partNumber`).
   */
  readonly query?: Readonly<Record<string, true | string>>;
  /** The request must carry `x-amz-copy-source` (CopyObject, UploadPartCopy). */
  readonly copySource?: true;
  /**
   * The server-side encryption headers the operation takes: `'write'` creates an object (the
   * method and a customer key), `'part'` adds to an upload (a customer key), `'read'` reads one
   * (a customer key; the method is refused). A copy-source customer key goes with
   * {@link S3Operation.copySource}. Absent: the operation ignores them, as S3 does.
   */
  readonly encryption?: 'write' | 'part' | 'read';
  /**
   * The operation acts on the version a `versionId` query parameter names (GetObject,
   * DeleteObject, …). Absent: any `versionId` other than `null` is 400 InvalidArgument, so that an
   * operation that would act on the current version never does so for a request that named another.
   */
  readonly versionId?: true;
  /** The IAM action the operation needs on its bucket (`s3:PutObject`). */
  readonly permission: S3Permission;
  /** The IAM action it also needs on the bucket of its copy source (CopyObject). */
  readonly sourcePermission?: S3Permission;
  /**
   * `'handler'`: what the request needs is only known from its body, so its handler authorizes
   * it (through the context's `authorize`), not the middleware: POST Object once its signed form
   * names the key, DeleteObjects per key.
   */
  readonly authorizedBy?: 'handler';
  readonly handler: Handler;
}
