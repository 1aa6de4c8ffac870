import { describe } from 'vitest';
import { describeBackendConformance } from './testing/conformance.js';
import {
  S3_DRIVER_QUIRKS,
  S3_TEST_SERVERS,
  s3Fixture,
  useS3TestServer,
} from './testing/s3-test-servers.js';

// The same contract tests as the fs driver (testing/conformance*.ts), against each real server,
// with no key prefix and with one (names must come back without it, and keys outside it must
// stay invisible).
for (const spec of S3_TEST_SERVERS) {
  describe(`S3 driver on ${spec.name}`, () => {
    const server = useS3TestServer(spec);
    const quirks = { ...S3_DRIVER_QUIRKS, ...spec.quirks };
    describeBackendConformance(`s3 on ${spec.name}`, () => s3Fixture(server(), spec, ''), quirks);
    describeBackendConformance(
      `s3 on ${spec.name}, prefix 'strata/data/'`,
      () => s3Fixture(server(), spec, 'strata/data/'),
      quirks,
    );
  });
}
