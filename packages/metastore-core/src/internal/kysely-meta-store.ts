import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import type { DialectAdapter, TransactionMode } from '../dialect-adapter.js';
import { MetastoreUnavailableError } from '../errors.js';
import type {
  BackendStateRepo,
  BucketRepo,
  CleanupRepo,
  DialectCapabilities,
  IntentRepo,
  JobCursorRepo,
  LeaseRepo,
  MetaRepos,
  MetaStore,
  MetaTx,
  UploadRepo,
  UsageRepo,
} from '../store.js';
import type { ObjectRepo } from '../object-repo.js';
import type { BackendUsageRepo } from '../backend-usage-repo.js';
import type { CredentialRepo } from '../credential.js';
import type { OutboxRepo } from '../outbox-repo.js';
import type { ReplicationRepo } from '../replication-repo.js';
import type { VersionRepo } from '../version-repo.js';
import type { CredentialCipher } from './credential-cipher.js';
import { KyselyCredentialRepo } from './kysely-credential-repo.js';
import { KyselyOutboxRepo } from './kysely-outbox-repo.js';
import { KyselyReplicationRepo } from './kysely-replication-repo.js';
import type { MetaStoreCallStartObserver } from '../meta-store-call.js';
import { autoCommit, type MethodObserver } from './auto-commit.js';
import { observeCall } from './observe-call.js';
import { KyselyBackendUsageRepo } from './kysely-backend-usage-repo.js';
import { KyselyBucketRepo } from './kysely-bucket-repo.js';
import { KyselyCleanupRepo } from './kysely-cleanup-repo.js';
import { KyselyIntentRepo } from './kysely-intent-repo.js';
import { KyselyJobCursorRepo } from './kysely-job-cursor-repo.js';
import { KyselyBackendStateRepo } from './kysely-backend-state-repo.js';
import { KyselyLeaseRepo } from './kysely-lease-repo.js';
import { KyselyObjectRepo } from './kysely-object-repo.js';
import { KyselyVersionRepo } from './kysely-version-repo.js';
import { KyselyUploadRepo } from './kysely-upload-repo.js';
import { KyselyUsageRepo } from './kysely-usage-repo.js';
import { USAGE_SHARDS } from './repo-context.js';
import type { RepoContext } from './repo-context.js';

/** Repositories bound to one connection (a transaction). */
function bindRepos(ctx: RepoContext): MetaRepos {
  return {
    buckets: new KyselyBucketRepo(ctx),
    objects: new KyselyObjectRepo(ctx),
    versions: new KyselyVersionRepo(ctx),
    intents: new KyselyIntentRepo(ctx),
    uploads: new KyselyUploadRepo(ctx),
    cleanup: new KyselyCleanupRepo(ctx),
    usage: new KyselyUsageRepo(ctx),
    leases: new KyselyLeaseRepo(ctx),
    cursors: new KyselyJobCursorRepo(ctx),
    backendStates: new KyselyBackendStateRepo(ctx),
    credentials: new KyselyCredentialRepo(ctx),
    replication: new KyselyReplicationRepo(ctx),
    outbox: new KyselyOutboxRepo(ctx),
    backendUsage: new KyselyBackendUsageRepo(ctx),
  };
}

/** The dialect-agnostic {@link MetaStore}: repositories over kysely, transactions by the adapter. */
export class KyselyMetaStore implements MetaStore {
  readonly capabilities: DialectCapabilities;
  readonly buckets: BucketRepo;
  readonly objects: ObjectRepo;
  readonly versions: VersionRepo;
  readonly intents: IntentRepo;
  readonly uploads: UploadRepo;
  readonly cleanup: CleanupRepo;
  readonly usage: UsageRepo;
  readonly leases: LeaseRepo;
  readonly cursors: JobCursorRepo;
  readonly backendStates: BackendStateRepo;
  readonly credentials: CredentialRepo;
  readonly replication: ReplicationRepo;
  readonly outbox: OutboxRepo;
  readonly backendUsage: BackendUsageRepo;

  readonly #db: Kysely<Database>;
  readonly #adapter: DialectAdapter;
  readonly #bindTx: (trx: Kysely<Database>) => MetaTx;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #onCallStart: MetaStoreCallStartObserver | undefined;
  #closing: Promise<void> | undefined;

  /** `onCallStart` is told of every repository call, transaction and ping (traces). */
  constructor(
    db: Kysely<Database>,
    adapter: DialectAdapter,
    cipher?: CredentialCipher,
    onCallStart?: MetaStoreCallStartObserver,
  ) {
    this.#db = db;
    this.#onCallStart = onCallStart;
    this.#adapter = adapter;
    this.capabilities = adapter.capabilities;
    const bind = (trx: Kysely<Database>): RepoContext => {
      // One shard per transaction: a transaction that writes several keys then locks one counter
      // row per (backend, bucket) instead of several, in fewer orders that could deadlock.
      const shard = Math.floor(Math.random() * USAGE_SHARDS);
      return { db: trx, adapter, now: Date.now, shard: () => shard, cipher };
    };
    const run = <T>(mode: TransactionMode, fn: (trx: Kysely<Database>) => Promise<T>) =>
      this.#run(mode, fn);
    const observe = (repo: keyof MetaRepos): MethodObserver | undefined =>
      onCallStart && ((method, mode) => onCallStart({ repo, method, mode }));
    this.buckets = autoCommit<BucketRepo>(
      {
        create: 'write',
        get: 'read',
        list: 'read',
        delete: 'write',
        setTags: 'write',
        setCors: 'write',
        setEncryption: 'write',
        setObjectLock: 'write',
        setPolicy: 'write',
        setPublicAccessBlock: 'write',
        setOwnership: 'write',
        setLifecycle: 'write',
        setNotifications: 'write',
        setVersioning: 'write',
      },
      (trx) => new KyselyBucketRepo(bind(trx)),
      run,
      observe('buckets'),
    );
    this.objects = autoCommit<ObjectRepo>(
      {
        get: 'read',
        put: 'write',
        delete: 'write',
        list: 'read',
        hasAny: 'read',
        isBlobReferenced: 'read',
        addCopy: 'write',
        removeCopy: 'write',
        listByBackend: 'read',
        setTags: 'write',
        setEncryption: 'write',
      },
      (trx) => new KyselyObjectRepo(bind(trx)),
      run,
      observe('objects'),
    );
    this.versions = autoCommit<VersionRepo>(
      {
        get: 'read',
        latest: 'read',
        markDeleted: 'write',
        deleteVersion: 'write',
        list: 'read',
        setTags: 'write',
        setLock: 'write',
        addCopy: 'write',
        removeCopy: 'write',
        listByBackend: 'read',
        byWriteId: 'read',
        setEncryption: 'write',
      },
      (trx) => new KyselyVersionRepo(bind(trx)),
      run,
      observe('versions'),
    );
    this.intents = autoCommit<IntentRepo>(
      { add: 'write', extend: 'write', remove: 'write', expire: 'write' },
      (trx) => new KyselyIntentRepo(bind(trx)),
      run,
      observe('intents'),
    );
    this.uploads = autoCommit<UploadRepo>(
      {
        create: 'write',
        get: 'read',
        putPart: 'write',
        parts: 'read',
        listParts: 'read',
        list: 'read',
        markCompleted: 'write',
        delete: 'write',
        retire: 'write',
        listAbandoned: 'read',
        listCompleted: 'read',
        hasBackendUpload: 'read',
      },
      (trx) => new KyselyUploadRepo(bind(trx)),
      run,
      observe('uploads'),
    );
    this.cleanup = autoCommit<CleanupRepo>(
      {
        enqueue: 'write',
        claim: 'write',
        claimDeletable: 'write',
        extendLease: 'write',
        complete: 'write',
        fail: 'write',
        stats: 'read',
        deadLetters: 'read',
        retryDead: 'write',
        purgeDead: 'write',
      },
      (trx) => new KyselyCleanupRepo(bind(trx)),
      run,
      observe('cleanup'),
    );
    this.usage = autoCommit<UsageRepo>(
      { byBackend: 'read', byBucket: 'read' },
      (trx) => new KyselyUsageRepo(bind(trx)),
      run,
      observe('usage'),
    );
    this.leases = autoCommit<LeaseRepo>(
      { tryAcquire: 'write', renew: 'write', release: 'write', get: 'read' },
      (trx) => new KyselyLeaseRepo(bind(trx)),
      run,
      observe('leases'),
    );
    this.cursors = autoCommit<JobCursorRepo>(
      { get: 'read', set: 'write' },
      (trx) => new KyselyJobCursorRepo(bind(trx)),
      run,
      observe('cursors'),
    );
    this.backendStates = autoCommit<BackendStateRepo>(
      { list: 'read', set: 'write', clear: 'write' },
      (trx) => new KyselyBackendStateRepo(bind(trx)),
      run,
      observe('backendStates'),
    );
    this.credentials = autoCommit<CredentialRepo>(
      { put: 'write', get: 'read', list: 'read', delete: 'write', setDisabled: 'write' },
      (trx) => new KyselyCredentialRepo(bind(trx)),
      run,
      observe('credentials'),
    );
    const queue = {
      claim: 'write',
      extendLease: 'write',
      complete: 'write',
      fail: 'write',
      stats: 'read',
      deadLetters: 'read',
      retryDead: 'write',
      purgeDead: 'write',
    } as const;
    this.replication = autoCommit<ReplicationRepo>(
      { enqueue: 'write', ...queue },
      (trx) => new KyselyReplicationRepo(bind(trx)),
      run,
      observe('replication'),
    );
    this.outbox = autoCommit<OutboxRepo>(
      { append: 'write', ...queue },
      (trx) => new KyselyOutboxRepo(bind(trx)),
      run,
      observe('outbox'),
    );
    this.backendUsage = autoCommit<BackendUsageRepo>(
      { add: 'write', month: 'read' },
      (trx) => new KyselyBackendUsageRepo(bind(trx)),
      run,
      observe('backendUsage'),
    );
    this.#bindTx = (trx) => bindRepos(bind(trx));
  }

  transaction<T>(fn: (tx: MetaTx) => Promise<T>): Promise<T> {
    return observeCall(
      this.#onCallStart?.({ repo: 'store', method: 'transaction', mode: 'write' }),
      () => this.#run('write', (trx) => fn(this.#bindTx(trx))),
    );
  }

  async ping(): Promise<void> {
    await observeCall(this.#onCallStart?.({ repo: 'store', method: 'ping', mode: 'read' }), () =>
      this.#run('read', (trx) => sql`select 1`.execute(trx)),
    );
  }

  /** Waits for running operations, then closes the connections. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await Promise.allSettled([...this.#inFlight]);
      await this.#db.destroy();
    })();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #run<T>(mode: TransactionMode, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    if (this.#closing !== undefined) {
      return Promise.reject(new MetastoreUnavailableError('metastore is closed'));
    }
    const operation = this.#adapter.transaction(this.#db, mode, fn).catch((error: unknown) => {
      throw this.#adapter.mapError(error);
    });
    this.#inFlight.add(operation);
    const forget = () => this.#inFlight.delete(operation);
    operation.then(forget, forget);
    return operation;
  }
}
