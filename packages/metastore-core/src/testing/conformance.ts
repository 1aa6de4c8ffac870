import { describe } from 'vitest';
import { describeBackendStates } from './conformance-backend-states.js';
import { describeBackendUsage } from './conformance-backend-usage.js';
import { describeConditionalWrites } from './conformance-cas.js';
import { describeCleanupClaims } from './conformance-cleanup-claims.js';
import { describeConcurrency } from './conformance-concurrency.js';
import { describeCopies } from './conformance-copies.js';
import { describeCredentials } from './conformance-credentials.js';
import { describeLeases } from './conformance-leases.js';
import { describeLifecycle } from './conformance-lifecycle.js';
import { describeListing } from './conformance-listing.js';
import { describeObjectLock } from './conformance-object-lock.js';
import { describeObjectBasics } from './conformance-objects.js';
import { describeOutbox } from './conformance-outbox.js';
import { describeQueues } from './conformance-queues.js';
import { describeReplication } from './conformance-replication.js';
import { describeUploadRetirement } from './conformance-upload-retirement.js';
import { describeUploads } from './conformance-uploads.js';
import { describeVersions } from './conformance-versions.js';
import type { ConformanceOpener } from './fixtures.js';

export type { ConformanceOpener, ConformanceOpenOptions } from './fixtures.js';

/**
 * The metastore conformance suite: every dialect runs it unchanged. `open` must give a fresh,
 * empty database for each new `database` name and the same database again for a name it has seen
 * (the suite opens several stores on one database to get real concurrency, and reopens after
 * close).
 */
export function describeMetaStoreConformance(name: string, open: ConformanceOpener): void {
  describe(`metastore conformance: ${name}`, () => {
    describeObjectBasics(open);
    describeConditionalWrites(open);
    describeListing(open);
    describeVersions(open);
    describeObjectLock(open);
    describeCopies(open);
    describeUploads(open);
    describeUploadRetirement(open);
    describeQueues(open);
    describeCleanupClaims(open);
    describeReplication(open);
    describeOutbox(open);
    describeCredentials(open);
    describeLifecycle(open);
    describeConcurrency(open);
    describeLeases(open);
    describeBackendUsage(open);
    describeBackendStates(open);
  });
}
