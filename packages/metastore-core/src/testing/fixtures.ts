import { randomUUID } from 'node:crypto';
import type { KyselyPlugin } from 'kysely';
import { afterEach } from 'vitest';
import type { MasterKey } from '../credential.js';
import type { MetaStore } from '../store.js';
import type { Bucket, ObjectRecord } from '../types.js';

/** How a conformance run opens a store. */
export interface ConformanceOpenOptions {
  /**
   * Names the database: the same name opens the same database again (another store instance, or
   * a reopen after close); a new name must give a fresh, empty database.
   */
  readonly database: string;
  /** Kysely plugins to install (the suite counts queries with one). */
  readonly plugins?: readonly KyselyPlugin[];
  /** The master key credential secrets are sealed under. */
  readonly masterKey?: MasterKey | undefined;
}

/** Opens a store for the conformance suite. */
export type ConformanceOpener = (options: ConformanceOpenOptions) => Promise<MetaStore>;

/** Opens stores for one suite and closes them after each test. */
export interface StoreHarness {
  /** A store on a fresh, empty database. */
  fresh(plugins?: readonly KyselyPlugin[]): Promise<MetaStore>;
  /** A new database name, for tests that open it several times. */
  newName(): string;
  /** Opens (another instance of) the named database. */
  open(database: string, plugins?: readonly KyselyPlugin[]): Promise<MetaStore>;
  /** Opens (another instance of) the named database with more options. */
  openWith(database: string, options: Omit<ConformanceOpenOptions, 'database'>): Promise<MetaStore>;
}

/** Creates the harness; call inside a `describe`. */
export function useStores(opener: ConformanceOpener): StoreHarness {
  const opened: MetaStore[] = [];
  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((store) => store.close()));
  });
  const harness: StoreHarness = {
    newName: () => `t-${randomUUID().slice(0, 8)}`,
    open: (database, plugins) => harness.openWith(database, { plugins }),
    async openWith(database, options) {
      const store = await opener({ ...options, database });
      opened.push(store);
      return store;
    },
    fresh: (plugins) => harness.open(harness.newName(), plugins),
  };
  return harness;
}

/** A bucket owned by `owner`. */
export function makeBucket(name: string, owner = 'alice'): Bucket {
  return {
    name,
    owner,
    region: 'us-east-1',
    createdAt: new Date(1_700_000_000_000),
    versioning: 'Unversioned',
  };
}

let versionCounter = 0;

/** An object record with one copy on backend `b1`, overridable field by field. */
export function makeRecord(
  bucket: string,
  key: string,
  overrides: Partial<ObjectRecord> = {},
): ObjectRecord {
  const versionId = overrides.versionId ?? `v${String(++versionCounter).padStart(8, '0')}`;
  return {
    bucket,
    key,
    versionId,
    size: 10,
    etag: 'd41d8cd98f00b204e9800998ecf8427e',
    lastModified: new Date(1_700_000_000_123),
    headers: { 'content-type': 'text/plain' },
    userMetadata: { color: 'blue' },
    checksums: {},
    storageClass: 'STANDARD',
    parts: [],
    copies: [{ backend: 'b1', blob: `${bucket}/${key}@${versionId}` }],
    ...overrides,
  };
}

/** Counts SELECT statements that go through kysely. */
export function createQueryCounter(): { readonly plugin: KyselyPlugin; selects: number } {
  const counter = {
    selects: 0,
    plugin: {
      transformQuery(args) {
        if (args.node.kind === 'SelectQueryNode') counter.selects++;
        return args.node;
      },
      transformResult(args) {
        return Promise.resolve(args.result);
      },
    } satisfies KyselyPlugin,
  };
  return counter;
}

/** Sorts strings in S3 (UTF-8 byte) order. */
export function byteSorted(keys: readonly string[]): string[] {
  return [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

/** Resolves what a promise rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
