/**
 * The Strata metadata store: buckets, credentials (secrets sealed under a master key), objects and
 * their copies, write intents, multipart uploads, the cleanup and replication queues, the event
 * outbox, sharded usage counters, monthly backend traffic and leader-election leases, over
 * kysely. This entry point is dialect-agnostic; a dialect subpath (`@strata/metastore-core/sqlite`,
 * `@strata/metastore-core/postgres`) supplies the adapter and an `open*Store` helper.
 *
 * @example
 * ```ts
 * import { openSqliteStore } from '@strata/metastore-core/sqlite';
 * import { ConditionFailedError } from '@strata/metastore-core';
 *
 * await using store = await openSqliteStore({ database: './meta.db' });
 * await store.buckets.create({ name: 'photos', owner: 'alice', region: 'us-east-1', createdAt: new Date(), versioning: 'Unversioned' });
 * const page = await store.objects.list('photos', { delimiter: '/', maxKeys: 1000 });
 * ```
 *
 * @module
 */
export {
  NULL_VERSION_ID,
  OBJECT_LOCK_MODES,
  OBJECT_OWNERSHIPS,
  VERSIONING_STATES,
  s3VersionIdOf,
} from './types.js';
export type {
  Bucket,
  BucketEncryption,
  BucketObjectLock,
  CleanupJob,
  CorsRule,
  DefaultRetention,
  DeleteMarker,
  Lease,
  LifecycleExpiration,
  LifecycleFilter,
  LifecycleNoncurrentExpiration,
  LifecycleRule,
  ListVersionsPage,
  ListVersionsQuery,
  ListByBackendQuery,
  ListObjectsPage,
  ListObjectsQuery,
  MultipartUpload,
  ObjectCondition,
  ObjectCopy,
  ObjectEncryption,
  ObjectLock,
  ObjectLockMode,
  ObjectOwnership,
  ObjectPart,
  ObjectRecord,
  ObjectRetention,
  ObjectVersion,
  PublicAccessBlock,
  ServerSideEncryption,
  UploadPart,
  UsageTotals,
  VersioningState,
  WriteIntent,
} from './types.js';
export type { DeadLetterActions } from './dead-letter-actions.js';
export type {
  BackendStateOverride,
  BackendStateRepo,
  BucketRepo,
  CleanupClaim,
  CleanupRepo,
  CleanupRequest,
  DialectCapabilities,
  IntentRepo,
  JobCursorRepo,
  LeaseRepo,
  ListPartsPage,
  ListUploadsPage,
  ListUploadsQuery,
  MetaRepos,
  MetaStore,
  MetaTx,
  MultipartUploadRow,
  UploadRepo,
  UsageRepo,
} from './store.js';
export type { ObjectRepo, PutObjectRecordOptions, PutObjectRecordResult } from './object-repo.js';
export type {
  DeleteVersionOptions,
  DeleteVersionResult,
  HistoryByBackendPage,
  HistoryByBackendQuery,
  HistoryCursor,
  MarkDeletedResult,
  VersioningMode,
  VersionRepo,
} from './version-repo.js';
export { toUsagePeriod } from './backend-usage-repo.js';
export type { BackendTraffic, BackendUsageRepo } from './backend-usage-repo.js';
export { Credential } from './credential.js';
export type {
  CredentialInput,
  CredentialRepo,
  CredentialSummary,
  MasterKey,
} from './credential.js';
export type {
  ReplicationJob,
  ReplicationRepo,
  ReplicationRequest,
  ReplicationStats,
} from './replication-repo.js';
export type { NotificationRule } from './notification-rule.js';
export { OUTBOX_EVENT_NAMES } from './outbox-repo.js';
export type {
  JsonValue,
  OutboxAppend,
  OutboxEvent,
  OutboxEventName,
  OutboxRepo,
} from './outbox-repo.js';
export {
  CONDITION_FAILURE_REASONS,
  ConditionFailedError,
  DECRYPT_FAILURE_REASONS,
  METASTORE_CONFIG_ERROR_CODES,
  METASTORE_ENTITIES,
  MetastoreBusyError,
  MetastoreConfigError,
  MetastoreDecryptError,
  MetastoreNotFoundError,
  MetastoreUnavailableError,
  OBJECT_LOCK_REASONS,
  ObjectLockedError,
} from './errors.js';
export type {
  ConditionFailureReason,
  DecryptFailureReason,
  MetastoreConfigErrorCode,
  MetastoreEntity,
  ObjectLockReason,
} from './errors.js';
export { protectionOf } from './object-lock.js';
export { createMetaStore } from './create-meta-store.js';
export type { CreateMetaStoreOptions } from './create-meta-store.js';
export type {
  MetaStoreCallEnd,
  MetaStoreCallStart,
  MetaStoreCallStartObserver,
} from './meta-store-call.js';
export { LOCK_STRENGTHS, TRANSACTION_MODES } from './dialect-adapter.js';
export type {
  DataTypeExpression,
  DialectAdapter,
  DialectSchema,
  LockStrength,
  TransactionMode,
} from './dialect-adapter.js';
export type {
  BackendUsageShardsTable,
  BucketsTable,
  BucketUsageShardsTable,
  CleanupQueueTable,
  CredentialsTable,
  Database,
  EventOutboxTable,
  LeasesTable,
  MultipartUploadsTable,
  ObjectCopiesTable,
  MetastoreSettingsTable,
  ObjectsTable,
  QueueColumns,
  ReplicationQueueTable,
  UploadPartsTable,
  UsageShardsTable,
  WriteIntentsTable,
} from './database.js';
