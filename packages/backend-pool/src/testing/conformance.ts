import { describe } from 'vitest';
import type { CopyCapableBackend } from '../object-backend.js';
import { describeBlobCases } from './conformance-blobs.js';
import { describeCopyCases } from './conformance-copy.js';
import { describeMultipartCases } from './conformance-multipart.js';
import { describeWriteFailureCases } from './conformance-write-failures.js';

/** One backend for one test, and how to tell what a failed write left behind. */
export interface BackendUnderTest extends AsyncDisposable {
  /** A fresh backend that holds no blobs yet. */
  readonly backend: CopyCapableBackend;
  /**
   * What the backend keeps besides blobs that a finished write should have removed: temp files
   * (fs), multipart uploads in progress (S3). Absent when the backend cannot tell (s3rver has
   * no ListMultipartUploads).
   */
  leftovers?(): Promise<readonly string[]>;
}

/** Makes a {@link BackendUnderTest}; called once per test. */
export type BackendFactory = () => Promise<BackendUnderTest>;

/**
 * Where a backend (a driver on a given server) departs from the full {@link ObjectBackend}
 * contract. Every flag is true for the full contract; a suite asserts what a backend does, so a
 * `false` flag weakens or inverts exactly one assertion, and a server that starts behaving
 * better makes its run fail until the flag is updated.
 */
export interface ConformanceQuirks {
  /** A put onto an existing blob rejects with EBACKEND_IO and keeps the old bytes (false: replaces). */
  readonly putRefusesOverwrite: boolean;
  /** A copy onto an existing blob rejects likewise (false: replaces). */
  readonly copyRefusesOverwrite: boolean;
  /** A completion onto an existing blob rejects with ENOUPLOAD and keeps it (false: replaces). */
  readonly completeRefusesOverwrite: boolean;
  /** A failed or aborted put leaves no blob (false: a partial blob may remain). */
  readonly atomicPut: boolean;
  /** Names with `.`/`..` segments and empty segments (`a//b`) round-trip as given. */
  readonly pathLikeNames: boolean;
  /** `list` yields byte order (false: some order; the set is still checked). */
  readonly sortedList: boolean;
  /**
   * Multipart errors are reported: an unknown or aborted upload is ENOUPLOAD, a stale or missing
   * part EINVALID_PART, and abort works (false: the multipart error cases are skipped).
   */
  readonly multipartErrors: boolean;
  /** `copy` accepts any source name (false: only names without `+ & = @ %` and other URI reserved characters). */
  readonly copyAnyName: boolean;
  /** EINVALID_PART says which part is at fault (false: `partNumber` 0, the reply does not say). */
  readonly namesInvalidPart: boolean;
  /**
   * Completing an unknown or aborted upload rejects with ENOUPLOAD (false: with EBACKEND_IO,
   * where the server's reply does not tell a missing upload from a busy one).
   */
  readonly completeReportsNoUpload: boolean;
  /**
   * `uploadPart` takes a body of unknown size (false: it rejects with EBACKEND_REJECTED, as AWS
   * S3 does: UploadPart needs a Content-Length).
   */
  readonly unsizedParts: boolean;
}

/** The full contract: what the fs driver does. */
export const FULL_CONTRACT: ConformanceQuirks = {
  putRefusesOverwrite: true,
  copyRefusesOverwrite: true,
  completeRefusesOverwrite: true,
  atomicPut: true,
  pathLikeNames: true,
  sortedList: true,
  multipartErrors: true,
  copyAnyName: true,
  namesInvalidPart: true,
  completeReportsNoUpload: true,
  unsizedParts: true,
};

/** What the case files get: a fresh backend per test, and the quirks of this one. */
export interface ConformanceContext {
  readonly factory: BackendFactory;
  readonly quirks: ConformanceQuirks;
}

/**
 * Registers the driver-agnostic contract tests of {@link ObjectBackend} (and `copy`) for one
 * backend: round trips, names, ranges, listing, failed and aborted writes, multipart, copy and
 * close. Run it once per driver and server, as kysely runs one suite per dialect:
 *
 * @example
 * ```ts
 * describeBackendConformance('fs', fsFixture);
 * describeBackendConformance('s3 on s3rver', () => s3Fixture(server(), ''), S3RVER_QUIRKS);
 * ```
 */
export function describeBackendConformance(
  name: string,
  factory: BackendFactory,
  quirks: Partial<ConformanceQuirks> = {},
): void {
  const ctx: ConformanceContext = { factory, quirks: { ...FULL_CONTRACT, ...quirks } };
  describe(`ObjectBackend conformance: ${name}`, () => {
    describeBlobCases(ctx);
    describeWriteFailureCases(ctx);
    describeMultipartCases(ctx);
    describeCopyCases(ctx);
  });
}
