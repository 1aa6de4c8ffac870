import type { Generated } from 'kysely';

/**
 * The tables of the metastore schema, as kysely sees them. Times are integer milliseconds since
 * the epoch; JSON columns hold serialized objects as text, so every dialect stores them alike.
 */
export interface Database {
  readonly buckets: BucketsTable;
  readonly objects: ObjectsTable;
  readonly object_copies: ObjectCopiesTable;
  readonly object_versions: ObjectVersionsTable;
  readonly write_intents: WriteIntentsTable;
  readonly multipart_uploads: MultipartUploadsTable;
  readonly upload_parts: UploadPartsTable;
  readonly cleanup_queue: CleanupQueueTable;
  readonly usage_shards: UsageShardsTable;
  readonly bucket_usage_shards: BucketUsageShardsTable;
  readonly leases: LeasesTable;
  readonly credentials: CredentialsTable;
  readonly metastore_settings: MetastoreSettingsTable;
  readonly replication_queue: ReplicationQueueTable;
  readonly event_outbox: EventOutboxTable;
  readonly backend_usage_shards: BackendUsageShardsTable;
  readonly job_cursors: JobCursorsTable;
  readonly backend_states: BackendStatesTable;
}

/** Row of `buckets`. */
export interface BucketsTable {
  name: string;
  owner: string;
  region: string;
  created_at: number;
  versioning: string;
  /** JSON object of tag key → value; NULL when the bucket has no tag set. */
  tags: string | null;
  /** JSON array of CORS rules; NULL when the bucket has none. */
  cors: string | null;
  /** JSON `BucketEncryption`; NULL when the bucket has no default encryption. */
  encryption: string | null;
  /** JSON `BucketObjectLock`; NULL when Object Lock is not enabled on the bucket. */
  object_lock: string | null;
  /** The bucket policy document as PutBucketPolicy received it; NULL when the bucket has none. */
  policy: string | null;
  /** JSON `PublicAccessBlock`; NULL when the bucket has none. */
  public_access_block: string | null;
  /** The bucket's `ObjectOwnership`; NULL when it has no ownership controls. */
  ownership: string | null;
  /** JSON array of `LifecycleRule`; NULL when the bucket has no lifecycle configuration. */
  lifecycle: string | null;
  /** JSON array of `NotificationRule`; NULL when the bucket has no notification configuration. */
  notifications: string | null;
}

/** Row of `objects`: the current version of a key. */
export interface ObjectsTable {
  bucket: string;
  key: string;
  version_id: string;
  size: number;
  etag: string;
  last_modified: number;
  headers: string;
  user_metadata: string;
  checksums: string;
  checksum_type: string | null;
  storage_class: string;
  parts: string;
  /** JSON object of tag key → value; `'{}'` for none. */
  tags: string;
  /** JSON `ObjectEncryption`; NULL for a plaintext object. */
  encryption: string | null;
  /** JSON Object Lock state (see `lockColumn`); NULL when the version has none. */
  object_lock: string | null;
  /** 1 when written with versioning `Enabled` (its write id is its S3 version id), else 0. */
  versioned: Generated<number>;
}

/**
 * Row of `object_versions`: a noncurrent version or a delete marker of a key, in a versioned
 * bucket. The object columns are those of `objects` (neutral values for a marker).
 */
export interface ObjectVersionsTable extends Omit<ObjectsTable, 'versioned'> {
  /** Per-key order: higher is newer. */
  seq: number;
  versioned: number;
  /** 1 for a delete marker. */
  delete_marker: number;
  /** A delete marker's owner; NULL for an object version. */
  owner: string | null;
  /** JSON array of the version's copies (`ObjectCopy`), in order. */
  copies: string;
}

/** Row of `object_copies`: one physical copy of the current version. */
export interface ObjectCopiesTable {
  bucket: string;
  key: string;
  version_id: string;
  /** Order of the copy in {@link ObjectRecord.copies}. */
  position: number;
  backend: string;
  blob: string;
}

/** Row of `write_intents`. */
export interface WriteIntentsTable {
  id: string;
  backend: string;
  blob: string;
  bucket: string;
  key: string;
  expires_at: number;
  backend_upload_id: string | null;
}

/** Row of `multipart_uploads`. */
export interface MultipartUploadsTable {
  upload_id: string;
  bucket: string;
  key: string;
  owner: string;
  initiated_at: number;
  backend: string;
  blob: string;
  backend_upload_id: string;
  headers: string;
  user_metadata: string;
  storage_class: string;
  checksum_algorithm: string | null;
  checksum_type: string | null;
  state: string;
  completed_etag: string | null;
  completed_version_id: string | null;
  completed_at: number | null;
  /** JSON object of tag key → value for the object Complete makes; `'{}'` for none. */
  tags: string;
  /** JSON `ObjectEncryption` of the object Complete makes; NULL for plaintext. */
  encryption: string | null;
  /** JSON Object Lock state of the object Complete makes; NULL for none. */
  object_lock: string | null;
}

/** Row of `upload_parts`. */
export interface UploadPartsTable {
  upload_id: string;
  part_number: number;
  size: number;
  etag: string;
  token: string;
  last_modified: number;
  checksums: string;
  /** Base64 salt of the part's encrypted segment; NULL for a plaintext upload. */
  salt: string | null;
}

/** Row of `cleanup_queue`. */
export interface CleanupQueueTable {
  id: Generated<number>;
  backend: string;
  blob: string;
  size: number;
  reason: string;
  backend_upload_id: string | null;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  state: string;
  enqueued_at: number;
}

/** Row of `usage_shards`: physical usage (one count per copy) of one bucket on one backend. */
export interface UsageShardsTable {
  backend: string;
  bucket: string;
  shard: number;
  bytes: number;
  objects: number;
}

/** Row of `bucket_usage_shards`: logical usage of a bucket (each key once, whatever its copies). */
export interface BucketUsageShardsTable {
  bucket: string;
  shard: number;
  bytes: number;
  objects: number;
}

/** Row of `leases`: a named lease for leader election. */
export interface LeasesTable {
  name: string;
  holder: string;
  /** Milliseconds on the database's clock. */
  expires_at: number;
  acquired_at: number;
}

/** Row of `credentials`: an access key with its secret sealed under the master key. */
export interface CredentialsTable {
  access_key_id: string;
  owner: string;
  /** JSON array of bucket names, or NULL for every bucket of the owner. */
  buckets: string | null;
  /** Which master key sealed the secret (a fingerprint, never the key), for rotation. */
  secret_key_id: string;
  /** `v1:` + base64(12-byte nonce ‖ AES-256-GCM ciphertext ‖ 16-byte tag). */
  secret_sealed: string;
  created_at: number;
  /** 1 for a disabled key (kept, never authenticating). */
  disabled: Generated<number>;
}

/** Row of `job_cursors`: where a background job's walk of the store stands. */
export interface JobCursorsTable {
  name: string;
  value: string;
}

/** Row of `backend_states`: a backend's state as an operator set it at runtime. */
export interface BackendStatesTable {
  backend: string;
  state: string;
  changed_at: number;
}

/** Row of `metastore_settings`: store-wide values such as the passphrase salt. */
export interface MetastoreSettingsTable {
  name: string;
  value: string;
}

/** Columns every job queue table has (see the internal `JobQueue`). */
export interface QueueColumns {
  id: Generated<number>;
  attempts: number;
  /** Due time, or the end of the lease while claimed. */
  next_attempt_at: number;
  last_error: string | null;
  /** `pending` or `dead`. */
  state: string;
}

/** Row of `replication_queue`: a copy of one object version owed to a target backend. */
export interface ReplicationQueueTable extends QueueColumns {
  bucket: string;
  key: string;
  version_id: string;
  source_backend: string;
  target_backend: string;
  enqueued_at: number;
}

/** Row of `event_outbox`: an event notification written in the transaction that caused it. */
export interface EventOutboxTable extends QueueColumns {
  bucket: string;
  key: string;
  event: string;
  /** JSON text. */
  payload: string;
  created_at: number;
}

/**
 * Row of `backend_usage_shards`: traffic through one backend in one month (`period`, `YYYY-MM`),
 * one of several shard rows that a month's total is the sum of.
 */
export interface BackendUsageShardsTable {
  period: string;
  backend: string;
  shard: number;
  requests: number;
  egress_bytes: number;
  ingress_bytes: number;
}
