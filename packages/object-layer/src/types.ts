import type { WithOrigin } from './request-origin.js';
import type { ReadCache } from './read-cache/read-cache.js';
import type { Readable } from 'node:stream';
import type { BackendPool, ObjectBackend } from '@strata/backend-pool';
import type { Keyring } from '@strata/envelope';
import type { ChecksumAlgorithm, ChecksumType, ObjectAttribute, Tag } from '@strata/s3-xml';
import type {
  Bucket,
  CorsRule,
  LifecycleRule,
  ListObjectsPage,
  ListPartsPage,
  ListUploadsPage,
  MetaStore,
  ObjectLockMode,
  ObjectRecord,
  ServerSideEncryption,
} from '@strata/metastore-core';

/** How a bucket's writes choose among its backends. */
export const PLACEMENT_STRATEGIES = ['pack', 'spread'] as const;
/**
 * `pack` fills backends in configuration order (the next one takes writes once the first is full
 * or unhealthy); `spread` puts each write on the least utilized one (used ÷ quota, then bytes).
 */
export type PlacementStrategy = (typeof PLACEMENT_STRATEGIES)[number];

/** When a bucket's extra copies are made. */
export const REPLICATION_MODES = ['sync', 'async'] as const;
/**
 * `sync`: a PUT's body is teed to `factor` backends at once, with backpressure set by the slowest,
 * and succeeds once `writeQuorum` of them hold it (the rest are queued). `async`: one copy now,
 * the others from the replication queue.
 */
export type ReplicationMode = (typeof REPLICATION_MODES)[number];

/** Copies a bucket keeps of every object. */
export interface ReplicationPolicy {
  /** Copies of every object, each on a different backend (default 1). */
  readonly factor: number;
  /** Default `async`. */
  readonly mode?: ReplicationMode | undefined;
  /** `sync` only: copies that must be stored before a PUT succeeds (default `factor`). */
  readonly writeQuorum?: number | undefined;
}

/** Where a bucket's objects live and how many copies it keeps. */
export interface BucketPolicy {
  /** Backends its writes may use, in `pack` order; default every backend of the pool. */
  readonly backends?: readonly string[] | undefined;
  /** Default `pack`. */
  readonly placement?: PlacementStrategy | undefined;
  readonly replication?: ReplicationPolicy | undefined;
  /**
   * Whether and how its reads go through the read cache (`ObjectLayerConfig.readCache`);
   * without it they never do.
   */
  readonly cache?: CachePolicy | undefined;
}

/** Which reads of a bucket the read cache serves. */
export interface CachePolicy {
  /**
   * Backends whose copies are cached (default every backend). A local-disk backend is not worth
   * it: its reads are as fast as the cache's disk tier.
   */
  readonly backends?: readonly string[] | undefined;
  /** Stored bytes of the largest version cached (default any size). */
  readonly maxObjectSize?: number | undefined;
}

/** Construction config for {@link ObjectLayer}. */
export interface ObjectLayerConfig {
  readonly store: MetaStore;
  /**
   * The backends, with their breakers, states, quotas and limits. The layer does not own the
   * pool: the caller closes it.
   */
  readonly pool?: BackendPool | undefined;
  /**
   * Plain backends instead of a pool (no breakers, quotas or limits): the layer wraps them in one.
   * Exactly one of `pool` and `backends` is required.
   */
  readonly backends?: readonly ObjectBackend[] | undefined;
  /** The policy of a bucket; `undefined` falls back to `defaultPolicy`. */
  readonly bucketPolicy?: ((bucket: string) => BucketPolicy | undefined) | undefined;
  /** Policy of buckets `bucketPolicy` says nothing about (default: every backend, `pack`, 1 copy). */
  readonly defaultPolicy?: BucketPolicy | undefined;
  /** Region new buckets get when the request names none. */
  readonly region: string;
  /** How long a write intent lives before the reaper may delete its blob; extended while streaming. Default 1 h. */
  readonly intentTtlMs?: number;
  /**
   * How stale the per-backend usage that quota checks start from may be (default 2000 ms): it is
   * re-read from the metastore at most this often, and this instance's own writes since are
   * added to it. Another instance's writes are seen that late.
   */
  readonly usageRefreshMs?: number | undefined;
  /**
   * When the metastore fails to answer, how long reads go straight to the backends (degraded
   * mode) and writes fail at once with a retryable error, before the metastore is tried again
   * (default 5000 ms).
   */
  readonly metastoreRetryMs?: number | undefined;
  /** Clock, for tests. */
  readonly now?: () => Date;
  /**
   * The master keys of encryption at rest. Without a keyring, a write asking for server-side
   * encryption (by its headers or its bucket's default) is refused with 501 NotImplemented,
   * never stored in plain text; an encrypted object cannot be read.
   */
  readonly keyring?: Keyring | undefined;
  /**
   * Plaintext bytes per encrypted frame of new encrypted objects (default 64 KiB; 1 KiB to
   * 16 MiB). A ranged read fetches whole frames.
   */
  readonly encryptionChunkSize?: number | undefined;
  /**
   * Called when a read finds a copy's blob missing on its backend while another copy served the
   * read: the copy was taken off the version's row and a replication job queued to make it again
   * (a server fault worth an error log line). Must not throw; it is called synchronously.
   */
  readonly onMissingCopy?: ((event: MissingCopyEvent) => void) | undefined;
  /**
   * The read cache GetObject serves the buckets whose policy has `cache` from (see
   * `openReadCache`). The layer does not own it: the caller closes it.
   */
  readonly readCache?: ReadCache | undefined;
}

/** What {@link ObjectLayerConfig.onMissingCopy} is told: one copy found missing, and its repair. */
export interface MissingCopyEvent {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  /** The backend that no longer has the blob. */
  readonly backend: string;
  readonly blob: string;
  /** The backend whose copy served the read (the replication source). */
  readonly servedBy: string;
  /** False when a job for this copy was already queued (or dead-lettered) before. */
  readonly replicationQueued: boolean;
}

/** Parsed `Range` header: `bytes=a-b`, `bytes=a-`, or `bytes=-n`. */
export type RangeSpec =
  | { readonly kind: 'bounded'; readonly start: number; readonly end: number }
  | { readonly kind: 'from'; readonly start: number }
  | { readonly kind: 'suffix'; readonly length: number };

/** Read preconditions (RFC 9110 + S3): evaluated against the current version. */
export interface ReadConditions {
  readonly ifMatch?: string | undefined;
  readonly ifNoneMatch?: string | undefined;
  readonly ifModifiedSince?: Date | undefined;
  readonly ifUnmodifiedSince?: Date | undefined;
}

/** Write preconditions, checked atomically inside the commit. */
export interface WriteConditions {
  /** Only `*` is allowed (S3). */
  readonly ifNoneMatch?: '*' | undefined;
  /** Unquoted or quoted ETag the current version must have. */
  readonly ifMatch?: string | undefined;
}

/** Object metadata supplied by a writer. */
export interface ObjectMetadataInput {
  /** Standard headers, lower-case names (content-type, content-encoding, …). */
  readonly headers?: Readonly<Record<string, string>>;
  /** `x-amz-meta-*` without prefix, lower-case names. */
  readonly userMetadata?: Readonly<Record<string, string>>;
  readonly storageClass?: string;
  /**
   * Tags for the new version (`x-amz-tagging`, a POST form's `tagging`), checked as S3 checks
   * them (see `toObjectTags`). CopyObject uses them only with `taggingDirective: 'REPLACE'`.
   */
  readonly tags?: readonly Tag[] | undefined;
  /**
   * Object Lock for the new version (`x-amz-object-lock-*`); the bucket's default retention
   * applies when it names no retention. CopyObject never carries the source's lock over.
   */
  readonly lock?: WriteLockInput | undefined;
}

/**
 * The Object Lock a write asks for, as its headers say it (parsed by the caller; checked by the
 * layer: mode and date together, a date in the future, a bucket with Object Lock).
 */
export interface WriteLockInput {
  /** `x-amz-object-lock-mode`. */
  readonly mode?: ObjectLockMode | undefined;
  /** `x-amz-object-lock-retain-until-date`. */
  readonly retainUntil?: Date | undefined;
  /** `x-amz-object-lock-legal-hold`: ON is true. */
  readonly legalHold?: boolean | undefined;
}

/** The version an Object Lock call names: the current one, or `versionId`. */
export interface LockTarget {
  readonly bucket: string;
  readonly key: string;
  /** The S3 version id (`null` for the null version); absent: the current version. */
  readonly versionId?: string | undefined;
}

/** Input of {@link ObjectLayer.putObjectLegalHold}. */
export interface PutObjectLegalHoldInput extends LockTarget {
  /** `ON` is true. */
  readonly on: boolean;
}

/**
 * A customer-provided key (SSE-C): the 32 key bytes and the base64 MD5 the client sent, already
 * checked against each other by the caller (S3's header rules). The key is never stored.
 */
export interface CustomerKey {
  readonly key: Buffer;
  readonly keyMd5: string;
}

/**
 * The encryption a write asks for (its S3 headers, validated by the caller). Absent: the
 * bucket's default encryption applies, else the object is stored in plain text.
 */
export type WriteEncryption =
  | {
      /** SSE-S3 (`AES256`) or SSE-KMS (`aws:kms`, `aws:kms:dsse`) with the keyring as the KMS. */
      readonly method: ServerSideEncryption;
      /**
       * The KMS key the write names: a keyring key id, or an ARN / alias ending in one
       * (`arn:aws:kms:…:key/<id>`, `alias/<id>`). Absent: the keyring's current key.
       */
      readonly kmsKeyId?: string | undefined;
      /** `x-amz-server-side-encryption-context` (base64 JSON), echoed on the write's answer. */
      readonly kmsContext?: string | undefined;
      readonly bucketKeyEnabled?: boolean | undefined;
    }
  | { readonly method: 'SSE-C'; readonly customerKey: CustomerKey };

/** Input of {@link ObjectLayer.putObject}. */
export interface PutObjectInput extends ObjectMetadataInput, WithOrigin {
  readonly bucket: string;
  readonly key: string;
  /** The decoded body (aws-chunked already removed). Consumed or destroyed in every case. */
  readonly body: Readable;
  /** Declared decoded length; a body that ends short fails with IncompleteBody. */
  readonly contentLength?: number | undefined;
  /** `Content-MD5` header (base64); mismatch fails with BadDigest, nothing stored. */
  readonly contentMd5?: string | undefined;
  /** Called once the body has ended and been verified; returns checksums to store (algorithm → base64). */
  readonly checksums?: (() => Readonly<Record<string, string>>) | undefined;
  readonly conditions?: WriteConditions;
  /** Server-side encryption asked for by the write; absent: the bucket's default. */
  readonly encryption?: WriteEncryption | undefined;
  /** Written by a browser form (POST Object): its event is `s3:ObjectCreated:Post`. */
  readonly viaForm?: boolean | undefined;
  readonly signal?: AbortSignal;
}

/** Result of a write. */
export interface PutObjectResult {
  /** The version written; `versioned` says whether S3 shows its write id as its version id. */
  readonly record: ObjectRecord;
  /** CopyObject: the S3 version id of the source version copied. */
  readonly sourceVersionId?: string | undefined;
}

/** Input of {@link ObjectLayer.getObject} and {@link ObjectLayer.headObject}. */
export interface GetObjectInput {
  readonly bucket: string;
  readonly key: string;
  /** `versionId`: read this version (`null` for the null version) instead of the current one. */
  readonly versionId?: string | undefined;
  readonly range?: RangeSpec | undefined;
  /** Serve only this part of a multipart object (1-based); 206 with its range. */
  readonly partNumber?: number | undefined;
  readonly conditions?: ReadConditions;
  /** The customer key of an SSE-C object: required to read one, refused for any other. */
  readonly customerKey?: CustomerKey | undefined;
  readonly signal?: AbortSignal;
}

/** Metadata of a read. */
export interface HeadObjectOutput {
  readonly record: ObjectRecord;
  /** Resolved inclusive range when a Range or partNumber applied (status 206). */
  readonly range?: { readonly start: number; readonly end: number } | undefined;
  /** Number of parts, when partNumber was asked for a multipart object. */
  readonly partsCount?: number | undefined;
  /**
   * Served in degraded mode (the metastore did not answer): the record was rebuilt from the
   * newest blob of the key on the backends, so it has the size and time but no ETag (empty),
   * stored headers, user metadata or checksums.
   */
  readonly degraded?: boolean | undefined;
}

/** Result of {@link ObjectLayer.getObject}: metadata plus the body stream (caller must consume or destroy it). */
export interface GetObjectOutput extends HeadObjectOutput {
  readonly body: Readable;
}

/** Input of {@link ObjectLayer.copyObject}. */
export interface CopyObjectInput extends ObjectMetadataInput, WithOrigin {
  readonly sourceBucket: string;
  readonly sourceKey: string;
  /** The copy source's `versionId`: copy that version instead of the current one. */
  readonly sourceVersionId?: string | undefined;
  readonly bucket: string;
  readonly key: string;
  /** `COPY` keeps the source's metadata (default); `REPLACE` uses the metadata given here. */
  readonly metadataDirective?: 'COPY' | 'REPLACE';
  /** `COPY` keeps the source's tags (default); `REPLACE` uses `tags` (none when absent). */
  readonly taggingDirective?: 'COPY' | 'REPLACE';
  /** `x-amz-copy-source-if-*`. */
  readonly sourceConditions?: ReadConditions;
  readonly conditions?: WriteConditions;
  /** Encryption of the new object; absent: the destination bucket's default (never the source's). */
  readonly encryption?: WriteEncryption | undefined;
  /** The customer key of an SSE-C source (`x-amz-copy-source-server-side-encryption-customer-*`). */
  readonly sourceCustomerKey?: CustomerKey | undefined;
  readonly signal?: AbortSignal;
}

/** Per-key outcome of {@link ObjectLayer.deleteObjects}. */
export interface DeleteObjectsEntry {
  readonly key: string;
  /** The version the entry named, when it named one. */
  readonly versionId?: string | undefined;
  /** True when a delete marker was added, or the version removed by id was one. */
  readonly deleteMarker?: boolean | undefined;
  /** The version id of that delete marker. */
  readonly deleteMarkerVersionId?: string | undefined;
  readonly error?: { readonly code: string; readonly message: string } | undefined;
}

/** Input of {@link ObjectLayer.createMultipartUpload}. */
export interface CreateMultipartUploadInput extends ObjectMetadataInput {
  readonly bucket: string;
  readonly key: string;
  readonly owner: string;
  /** `x-amz-checksum-algorithm` (upper-case). */
  readonly checksumAlgorithm?: ChecksumAlgorithm | undefined;
  /**
   * `x-amz-checksum-type`. Defaults with an algorithm: FULL_OBJECT for CRC64NVME, COMPOSITE for
   * the others. CRC64NVME cannot be COMPOSITE, SHA1/SHA256 cannot be FULL_OBJECT.
   */
  readonly checksumType?: ChecksumType | undefined;
  /** Encryption of the object the upload makes; absent: the bucket's default. */
  readonly encryption?: WriteEncryption | undefined;
  readonly signal?: AbortSignal;
}

/** Input of {@link ObjectLayer.uploadPart}. */
export interface UploadPartInput {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly partNumber: number;
  readonly body: Readable;
  readonly contentLength?: number | undefined;
  readonly contentMd5?: string | undefined;
  readonly checksums?: (() => Readonly<Record<string, string>>) | undefined;
  /** The upload's customer key, required when it was created with one (SSE-C). */
  readonly customerKey?: CustomerKey | undefined;
  readonly signal?: AbortSignal;
}

/** Input of {@link ObjectLayer.uploadPartCopy}. */
export interface UploadPartCopyInput {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly partNumber: number;
  readonly sourceBucket: string;
  readonly sourceKey: string;
  /** The copy source's `versionId`: copy from that version instead of the current one. */
  readonly sourceVersionId?: string | undefined;
  /** `x-amz-copy-source-range: bytes=a-b` (bounded only, as S3 requires). */
  readonly sourceRange?: { readonly start: number; readonly end: number } | undefined;
  readonly sourceConditions?: ReadConditions;
  /** The upload's customer key, required when it was created with one (SSE-C). */
  readonly customerKey?: CustomerKey | undefined;
  /** The customer key of an SSE-C source. */
  readonly sourceCustomerKey?: CustomerKey | undefined;
  readonly signal?: AbortSignal;
}

/** A part as listed in a CompleteMultipartUpload body. */
export interface CompletePartInput {
  readonly partNumber: number;
  /** Quoted or unquoted. */
  readonly etag: string;
  readonly checksums?: Readonly<Record<string, string>>;
}

/** Input of {@link ObjectLayer.completeMultipartUpload}. */
export interface CompleteMultipartUploadInput extends WithOrigin {
  readonly bucket: string;
  readonly key: string;
  readonly uploadId: string;
  readonly parts: readonly CompletePartInput[];
  /**
   * `x-amz-checksum-<alg>` headers of the Complete request: the object checksum the client
   * expects (algorithm → base64; a COMPOSITE value may carry its `-N`). Mismatch: BadDigest.
   */
  readonly expectedChecksums?: Readonly<Record<string, string>> | undefined;
  readonly conditions?: WriteConditions;
  readonly signal?: AbortSignal;
}

/** Input of {@link ObjectLayer.getObjectTagging} and {@link ObjectLayer.deleteObjectTagging}. */
export interface ObjectTaggingInput extends WithOrigin {
  readonly bucket: string;
  readonly key: string;
  /** `versionId`: the version whose tags these are; a write needs it to be the current one. */
  readonly versionId?: string | undefined;
}

/** Input of {@link ObjectLayer.putObjectTagging}. */
export interface PutObjectTaggingInput extends ObjectTaggingInput {
  /** The new tag set, as sent; replaces the old one whole. */
  readonly tags: readonly Tag[];
}

/** Input of {@link ObjectLayer.getObjectAttributes}. */
export interface GetObjectAttributesInput {
  readonly bucket: string;
  readonly key: string;
  /** `versionId`: this version instead of the current one. */
  readonly versionId?: string | undefined;
  /** `x-amz-object-attributes`, parsed (s3-xml `parseObjectAttributes`). */
  readonly attributes: readonly ObjectAttribute[];
  /** `x-amz-max-parts`: default and maximum 1000. */
  readonly maxParts?: number | undefined;
  /** `x-amz-part-number-marker`: list parts after this one. Default 0. */
  readonly partNumberMarker?: number | undefined;
  /** The customer key of an SSE-C object: required, as on GetObject. */
  readonly customerKey?: CustomerKey | undefined;
}

/** Re-exported shapes callers need without importing the metastore. */
export type {
  Bucket,
  CorsRule,
  LifecycleRule,
  ListObjectsPage,
  ListPartsPage,
  ListUploadsPage,
  ObjectRecord,
};
