/**
 * The S3 driver's conformance suite (`@strata/backend-pool/testing`, the same contract tests as
 * the fs driver, s3rver and a second Strata) against Ceph RGW 16.2, the shared RGW of the e2e
 * project: with no key prefix and with one.
 */
import {
  describeBackendConformance,
  S3_DRIVER_QUIRKS,
  s3Fixture,
  type ConformanceQuirks,
  type S3TestServerSpec,
} from '@strata/backend-pool/testing';
import type { TestServer } from '@strata/s3-client/testing';
import { describe } from 'vitest';
import { sharedRgw } from './support/rgw.js';

/**
 * Where RGW 16.2 departs from the full contract, beyond what the S3 driver cannot promise on any
 * server (`S3_DRIVER_QUIRKS`: CopyObject ignores `If-None-Match` — RGW does — and a completion
 * cannot be made conditional):
 *
 * - `completeReportsNoUpload`: CompleteMultipartUpload of an unknown or aborted upload answers
 *   500 InternalError "This multipart completion is already in progress". RGW gives that same
 *   reply when another completion of the upload holds its lock (rgw_op.cc,
 *   RGWCompleteMultipart::execute: any failure to take the lock but "already completed"), so
 *   the driver cannot read it as "no such upload": doing so would report a completion that is
 *   about to succeed as gone. It stays a backend error (EBACKEND_IO, a retryable 503 at the
 *   gateway; a retry after the other completion finished answers its result).
 * - `namesInvalidPart`: its InvalidPart reply carries no PartNumber.
 * - `unsizedParts`: UploadPart without a Content-Length answers 411 MissingContentLength, as AWS
 *   does.
 */
const RGW_QUIRKS: Partial<ConformanceQuirks> = {
  completeReportsNoUpload: false,
  namesInvalidPart: false,
  unsizedParts: false,
};

const rgw = sharedRgw();
const server: TestServer = {
  name: 'rgw',
  endpoint: rgw.endpoint,
  credentials: { ...rgw.main },
  // The project's global setup owns it.
  close: () => Promise.resolve(),
};
const spec: S3TestServerSpec = {
  name: 'rgw',
  start: () => Promise.resolve(server),
  listsUploads: true,
  quirks: RGW_QUIRKS,
};

describe('S3 driver on Ceph RGW', () => {
  const quirks = { ...S3_DRIVER_QUIRKS, ...RGW_QUIRKS };
  describeBackendConformance('s3 on rgw', () => s3Fixture(server, spec, ''), quirks);
  describeBackendConformance(
    `s3 on rgw, prefix 'strata/data/'`,
    () => s3Fixture(server, spec, 'strata/data/'),
    quirks,
  );
});
