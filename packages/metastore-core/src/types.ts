/**
 * The domain model and repository contracts of the metastore. Every dialect implements these;
 * callers never write SQL.
 */
import type { NotificationRule } from './notification-rule.js';

/** Versioning states, as S3's GetBucketVersioning reports them (`Unversioned` = never enabled). */
export const VERSIONING_STATES = ['Unversioned', 'Enabled', 'Suspended'] as const;
export type VersioningState = (typeof VERSIONING_STATES)[number];

/** A virtual bucket. */
export interface Bucket {
  readonly name: string;
  /** The tenant / owner id (canonical user id shown in ACLs and listings). */
  readonly owner: string;
  readonly region: string;
  readonly createdAt: Date;
  readonly versioning: VersioningState;
  /** The bucket's tag set (key → value); absent when it has none. */
  readonly tags?: Readonly<Record<string, string>> | undefined;
  /** The bucket's CORS rules, in order; absent when it has none. */
  readonly cors?: readonly CorsRule[] | undefined;
  /** The bucket's default encryption (PutBucketEncryption); absent when it has none. */
  readonly encryption?: BucketEncryption | undefined;
  /**
   * Present when Object Lock is enabled on the bucket (at creation or by
   * PutObjectLockConfiguration), which it then stays: versioning can no longer be suspended.
   */
  readonly objectLock?: BucketObjectLock | undefined;
  /** The bucket policy document, verbatim as PutBucketPolicy received it; absent when none. */
  readonly policy?: string | undefined;
  /** The bucket's public access block (PutPublicAccessBlock); absent when it has none. */
  readonly publicAccessBlock?: PublicAccessBlock | undefined;
  /** The bucket's object ownership (PutBucketOwnershipControls); absent when it has none. */
  readonly ownership?: ObjectOwnership | undefined;
  /** The bucket's lifecycle rules, in order (PutBucketLifecycleConfiguration); absent when none. */
  readonly lifecycle?: readonly LifecycleRule[] | undefined;
  /**
   * The bucket's event notification configurations, in order
   * (PutBucketNotificationConfiguration); absent when none.
   */
  readonly notifications?: readonly NotificationRule[] | undefined;
}

/**
 * Which objects a lifecycle rule applies to: every condition given must hold (an empty filter
 * matches every object). `form` remembers how the document spelled it, so GetBucketLifecycle
 * answers in the same shape: the rule-level `<Prefix>` of the legacy schema, a `<Filter>` with at
 * most one condition, or a `<Filter><And>`.
 */
export interface LifecycleFilter {
  readonly form: 'rule-prefix' | 'filter' | 'and';
  readonly prefix?: string | undefined;
  /** Tags the object version must carry, all of them (key → value). */
  readonly tags?: Readonly<Record<string, string>> | undefined;
  /** Bytes: the object must be strictly larger. */
  readonly objectSizeGreaterThan?: number | undefined;
  /** Bytes: the object must be strictly smaller. */
  readonly objectSizeLessThan?: number | undefined;
}

/** A lifecycle rule's `Expiration`: exactly one of its three fields is set. */
export interface LifecycleExpiration {
  /** Days after a current version's creation (rounded up to the next day boundary, UTC). */
  readonly days?: number | undefined;
  /** ISO 8601 date at midnight UTC after which current versions expire. */
  readonly date?: string | undefined;
  /** Remove a delete marker that is a key's only version left. */
  readonly expiredObjectDeleteMarker?: boolean | undefined;
}

/** A lifecycle rule's `NoncurrentVersionExpiration`. */
export interface LifecycleNoncurrentExpiration {
  /** Days after a version became noncurrent (its successor's creation). */
  readonly noncurrentDays: number;
  /** Keep this many newest noncurrent versions whatever their age (1–100). */
  readonly newerNoncurrentVersions?: number | undefined;
}

/** One rule of a bucket's lifecycle configuration (S3's `Rule`), as validated on PUT. */
export interface LifecycleRule {
  /** Unique within the bucket; S3 assigns a random one when the document gave none. */
  readonly id: string;
  readonly status: 'Enabled' | 'Disabled';
  readonly filter: LifecycleFilter;
  readonly expiration?: LifecycleExpiration | undefined;
  readonly noncurrentVersionExpiration?: LifecycleNoncurrentExpiration | undefined;
  /** `AbortIncompleteMultipartUpload`: days after an upload's initiation. */
  readonly abortIncompleteMultipartUploadDays?: number | undefined;
}

/**
 * S3's Object Ownership settings: `BucketOwnerEnforced` disables ACLs (the bucket owner owns
 * everything in it); the other two keep ACLs and differ in who owns an uploaded object.
 */
export const OBJECT_OWNERSHIPS = [
  'BucketOwnerEnforced',
  'BucketOwnerPreferred',
  'ObjectWriter',
] as const;
/** One of {@link OBJECT_OWNERSHIPS}. */
export type ObjectOwnership = (typeof OBJECT_OWNERSHIPS)[number];

/** S3's `PublicAccessBlockConfiguration`: four independent switches, all off when absent. */
export interface PublicAccessBlock {
  /** Refuse requests that would set a public ACL. */
  readonly blockPublicAcls: boolean;
  /** Ignore public ACLs when authorizing. */
  readonly ignorePublicAcls: boolean;
  /** Refuse a bucket policy that grants public access. */
  readonly blockPublicPolicy: boolean;
  /** With a public policy, let only the bucket owner's account in. */
  readonly restrictPublicBuckets: boolean;
}

/** The Object Lock retention modes: GOVERNANCE can be bypassed by a permitted caller, COMPLIANCE never. */
// `@strata/s3-xml` spells the same list for its parsers: the two packages share no dependency.
export const OBJECT_LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const;
/** One of {@link OBJECT_LOCK_MODES}. */
export type ObjectLockMode = (typeof OBJECT_LOCK_MODES)[number];

/** A default retention: applied to new versions that name no retention themselves. */
export interface DefaultRetention {
  readonly mode: ObjectLockMode;
  /** Exactly one of `days` and `years` is set, a positive integer. */
  readonly days?: number | undefined;
  readonly years?: number | undefined;
}

/** The Object Lock configuration of a lock-enabled bucket. */
export interface BucketObjectLock {
  /** The bucket's default retention (PutObjectLockConfiguration's `Rule`); absent when none. */
  readonly defaultRetention?: DefaultRetention | undefined;
}

/** A retention period on one object version. */
export interface ObjectRetention {
  readonly mode: ObjectLockMode;
  /** The version cannot be deleted before this instant (GOVERNANCE: without a bypass). */
  readonly retainUntil: Date;
}

/** The Object Lock state of one object version. */
export interface ObjectLock {
  readonly retention?: ObjectRetention | undefined;
  /**
   * The legal hold status: while true the version cannot be deleted, whatever its retention.
   * False once a hold was turned off; absent when none was ever set.
   */
  readonly legalHold?: boolean | undefined;
}

/** The server-side encryption methods of S3 that Strata stores encrypted with its keyring. */
export type ServerSideEncryption = 'AES256' | 'aws:kms' | 'aws:kms:dsse';

/** A bucket's default encryption rule, as PutBucketEncryption gives it. */
export interface BucketEncryption {
  /** `SSEAlgorithm`: applied to writes that ask for no encryption themselves. */
  readonly algorithm: ServerSideEncryption;
  /** `KMSMasterKeyID`, with an `aws:kms` algorithm: the key id named on such writes. */
  readonly kmsKeyId?: string | undefined;
  /** `BucketKeyEnabled`. */
  readonly bucketKeyEnabled?: boolean | undefined;
}

/**
 * How an object version (or the object a multipart upload will make) is stored encrypted: the
 * envelope format of `@strata/envelope`, a random data key per version wrapped by a master key
 * of the keyring (or, for SSE-C, by the customer's key, which is never stored). Everything a
 * ranged read needs to decrypt only the frames it reads is here, so it needs no extra request.
 */
export interface ObjectEncryption {
  /** S3's method, or `SSE-C` for a customer-provided key. */
  readonly method: ServerSideEncryption | 'SSE-C';
  /** Id of the key that wraps the data key: a keyring key, or `sse-c` for the customer's key. */
  readonly keyId: string;
  /** The wrapped data key (nonce, key and tag), base64. */
  readonly wrappedKey: string;
  /** Plaintext bytes per encrypted frame. */
  readonly chunkSize: number;
  /**
   * Base64 salts of the segments, in order: one for a single PUT, one per part of a multipart
   * object; empty on a multipart upload (its parts carry theirs).
   */
  readonly salts: readonly string[];
  /** The `aws:kms` key id the write named (`x-amz-server-side-encryption-aws-kms-key-id`). */
  readonly kmsKeyId?: string | undefined;
  /**
   * The `x-amz-server-side-encryption-context` the write gave (base64 JSON), echoed on the
   * write's answer, as S3 does.
   */
  readonly kmsContext?: string | undefined;
  /** `x-amz-server-side-encryption-bucket-key-enabled`. */
  readonly bucketKeyEnabled?: boolean | undefined;
  /** SSE-C: the base64 MD5 of the customer's key, echoed as S3 does. */
  readonly customerKeyMd5?: string | undefined;
}

/** One CORS rule of a bucket, as PutBucketCors gives it (S3's `CORSRule`). */
export interface CorsRule {
  readonly id?: string | undefined;
  /** Origins, each with at most one `*` wildcard. */
  readonly allowedOrigins: readonly string[];
  /** Of GET, PUT, HEAD, POST, DELETE. */
  readonly allowedMethods: readonly string[];
  /** Request headers a preflight may name, each with at most one `*` wildcard. */
  readonly allowedHeaders: readonly string[];
  /** Response headers the browser may read. */
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds?: number | undefined;
}

/** One physical copy of an object version. */
export interface ObjectCopy {
  readonly backend: string;
  readonly blob: string;
}

/** A part of a completed multipart object, kept so `GET ?partNumber=N` can be served. */
export interface ObjectPart {
  readonly partNumber: number;
  readonly size: number;
  /** Unquoted hex MD5 of the part. */
  readonly etag: string;
  readonly checksums?: Readonly<Record<string, string>>; // per-part checksums (algorithm → base64), multipart objects
}

/** The current version of a key. */
export interface ObjectRecord {
  readonly bucket: string;
  /** Up to 1024 bytes of UTF-8; compared in byte order. */
  readonly key: string;
  /** Time-ordered unique write id; also the blob's suffix. */
  readonly versionId: string;
  readonly size: number;
  /** Unquoted ETag: hex MD5, or `hex-N` for multipart objects. */
  readonly etag: string;
  readonly lastModified: Date;
  /**
   * Standard headers stored with the object, lower-case names: content-type, content-encoding,
   * content-disposition, content-language, cache-control, expires, website-redirect-location.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** `x-amz-meta-*` metadata, names lower-case without the prefix. */
  readonly userMetadata: Readonly<Record<string, string>>;
  /** Checksums by algorithm (`CRC32`, `CRC32C`, `CRC64NVME`, `SHA1`, `SHA256`): base64 values. */
  readonly checksums: Readonly<Record<string, string>>;
  /** `FULL_OBJECT` or `COMPOSITE` when checksums are present. */
  readonly checksumType?: string | undefined;
  readonly storageClass: string;
  /** Parts of a multipart object in order; empty for a single PUT. */
  readonly parts: readonly ObjectPart[];
  readonly copies: readonly ObjectCopy[];
  /** The version's tags (key → value); absent when it has none. */
  readonly tags?: Readonly<Record<string, string>> | undefined;
  /** How the bytes are stored encrypted; absent for a plaintext object. */
  readonly encryption?: ObjectEncryption | undefined;
  /** The version's Object Lock retention and legal hold; absent when it has neither. */
  readonly lock?: ObjectLock | undefined;
  /**
   * True when the version was written while its bucket's versioning was `Enabled`: S3 shows
   * `versionId` as its version id. Otherwise (absent) it is the key's `null` version, whatever
   * `versionId` (the write id) says.
   */
  readonly versioned?: boolean | undefined;
}

/**
 * A delete marker: the latest version of a key deleted in a versioned bucket, or a noncurrent
 * one. It has no bytes.
 */
export interface DeleteMarker {
  readonly bucket: string;
  readonly key: string;
  /** Unique id of the marker (a write id). */
  readonly versionId: string;
  /** As {@link ObjectRecord.versioned}: absent for a `null` marker (versioning `Suspended`). */
  readonly versioned?: boolean | undefined;
  readonly lastModified: Date;
  /** Canonical id of whoever deleted the key. */
  readonly owner: string;
}

/** One version of a key: an object version or a delete marker, and whether it is the latest. */
export type ObjectVersion =
  | { readonly kind: 'object'; readonly record: ObjectRecord; readonly isLatest: boolean }
  | { readonly kind: 'marker'; readonly marker: DeleteMarker; readonly isLatest: boolean };

/**
 * The version id S3 shows for a version: its write id when it was written with versioning
 * `Enabled`, else `null`.
 */
export function s3VersionIdOf(version: Pick<ObjectRecord, 'versionId' | 'versioned'>): string {
  return version.versioned === true ? version.versionId : NULL_VERSION_ID;
}

/** The version id of a key's null version, as S3 spells it. */
export const NULL_VERSION_ID = 'null';

/** Options for {@link ObjectRepo.list}. */
export interface ListObjectsQuery {
  readonly prefix?: string;
  readonly delimiter?: string;
  /** Return only keys (and common prefixes) strictly after this one, in byte order. */
  readonly startAfter?: string;
  /** 0–1000; 0 returns nothing and `isTruncated: false`. */
  readonly maxKeys: number;
}

/** One page of a listing, in byte order, keys and common prefixes merged. */
export interface ListObjectsPage {
  readonly objects: readonly ObjectRecord[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  /** The last key or common prefix returned: where the next page starts after. */
  readonly lastReturned?: string | undefined;
}

/**
 * Options for {@link ObjectRepo.listByBackend}: a keyset cursor over (bucket, key) in byte order.
 * Pass the `bucket` and `key` of the last record of a page as `afterBucket` and `afterKey` to get
 * the next one.
 */
export interface ListByBackendQuery {
  /**
   * Start after this bucket: with `afterKey`, after that key of it (then on through the buckets
   * that follow); without `afterKey`, after every key of it.
   */
  readonly afterBucket?: string | undefined;
  /** With `afterBucket`: the last key of the previous page; this page starts after it. */
  readonly afterKey?: string | undefined;
  /** Most records to return, a non-negative integer; fewer means the listing is complete. */
  readonly limit: number;
}

/** Compare-and-swap condition for {@link ObjectRepo.put} and {@link ObjectRepo.delete}. */
export type ObjectCondition =
  /** Write only if the key does not exist (`If-None-Match: *`). */
  | { readonly kind: 'absent' }
  /** Write only if the current ETag equals this one (`If-Match`), unquoted. */
  | { readonly kind: 'etag'; readonly etag: string }
  /** Write only if the current version is this write id (or, with null, absent). */
  | { readonly kind: 'version'; readonly versionId: string | null };

/** Query of `VersionRepo.list` (ListObjectVersions). */
export interface ListVersionsQuery {
  readonly prefix?: string | undefined;
  readonly delimiter?: string | undefined;
  /** Start after this key: with `versionIdMarker`, after that version of it. */
  readonly keyMarker?: string | undefined;
  /** An S3 version id (`null` for the null version) of `keyMarker`. */
  readonly versionIdMarker?: string | undefined;
  /** 0–1000. */
  readonly maxKeys: number;
}

/** One page of versions: keys in byte order, each key's versions newest first. */
export interface ListVersionsPage {
  readonly versions: readonly ObjectVersion[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  /** Set when truncated: the key (or common prefix) the next page starts after. */
  readonly nextKeyMarker?: string | undefined;
  /** Set when truncated after a version: its S3 version id. */
  readonly nextVersionIdMarker?: string | undefined;
}

/** A pending write intent: recorded before bytes are written, removed at commit. */
export interface WriteIntent {
  readonly id: string;
  readonly backend: string;
  readonly blob: string;
  readonly bucket: string;
  readonly key: string;
  readonly expiresAt: Date;
  /** Set for multipart uploads: the backend-native upload to abort if this intent expires. */
  readonly backendUploadId?: string | undefined;
}

/** A multipart upload in progress. */
export interface MultipartUpload {
  readonly uploadId: string;
  readonly bucket: string;
  readonly key: string;
  readonly owner: string;
  readonly initiatedAt: Date;
  readonly backend: string;
  /** Blob the completed object will live in. */
  readonly blob: string;
  /** Backend-native upload id. */
  readonly backendUploadId: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly userMetadata: Readonly<Record<string, string>>;
  readonly storageClass: string;
  readonly checksumAlgorithm?: string | undefined;
  readonly checksumType?: string | undefined;
  /** Tags for the object Complete makes (key → value); absent when none were given. */
  readonly tags?: Readonly<Record<string, string>> | undefined;
  /** The encryption of the object Complete makes (its `salts` empty); absent for plaintext. */
  readonly encryption?: ObjectEncryption | undefined;
  /** The Object Lock the request named for the object Complete makes; absent when none. */
  readonly lock?: ObjectLock | undefined;
}

/** An uploaded part. */
export interface UploadPart {
  readonly uploadId: string;
  readonly partNumber: number;
  readonly size: number;
  /** Unquoted hex MD5. */
  readonly etag: string;
  /** The backend's opaque part token. */
  readonly token: string;
  readonly lastModified: Date;
  readonly checksums: Readonly<Record<string, string>>;
  /** The base64 salt of the part's encrypted segment, for an encrypted upload. */
  readonly salt?: string | undefined;
}

/** A blob deletion owed to a backend. */
export interface CleanupJob {
  readonly id: number;
  readonly backend: string;
  readonly blob: string;
  readonly size: number;
  readonly reason: string;
  readonly attempts: number;
  readonly lastError?: string | undefined;
  /** Set when the job must also abort this backend-native multipart upload. */
  readonly backendUploadId?: string | undefined;
}

/** Per-backend (and per-bucket) usage totals. */
export interface UsageTotals {
  readonly bytes: number;
  readonly objects: number;
}

/** A named lease held for leader election (see `LeaseRepo`). Times are on the database's clock. */
export interface Lease {
  readonly name: string;
  /** Who holds it: an id unique to one running instance (e.g. host, pid and a random suffix). */
  readonly holder: string;
  /** When the current holder took it (a renewal or re-acquisition does not move this). */
  readonly acquiredAt: Date;
  /** When it lapses unless renewed. */
  readonly expiresAt: Date;
}
