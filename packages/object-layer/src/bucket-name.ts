import { S3Error } from '@strata/s3-xml';

/** Prefixes S3 reserves (general purpose bucket naming rules). */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
/** Suffixes S3 reserves for access point aliases, MRAPs, directory and table buckets. */
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'] as const;

const ALLOWED = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * True when `name` follows the S3 general purpose bucket naming rules: 3–63 characters of
 * lowercase letters, digits, dots and hyphens; starts and ends with a letter or digit; no two
 * adjacent dots, and no dot next to a hyphen (`.-`, `-.`); not shaped like an IPv4 address; none
 * of the reserved prefixes (`xn--`, `sthree-`, `amzn-s3-demo-`) or suffixes (`-s3alias`,
 * `--ol-s3`, `.mrap`, `--x-s3`, `--table-s3`).
 */
export function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!ALLOWED.test(name)) return false;
  if (name.includes('..')) return false;
  // Each dot-separated label must start and end with a letter or digit: AWS answers
  // InvalidBucketName for `foo.-bar` and `foo-.bar` (ceph/s3-tests
  // test_bucket_create_naming_dns_dot_dash and _dash_dot, checked against AWS), although the
  // current naming-rules page no longer lists it.
  if (name.includes('.-') || name.includes('-.')) return false;
  if (IPV4.test(name)) return false;
  if (RESERVED_PREFIXES.some((prefix) => name.startsWith(prefix))) return false;
  if (RESERVED_SUFFIXES.some((suffix) => name.endsWith(suffix))) return false;
  return true;
}

/**
 * @throws S3Error InvalidBucketName when {@link isValidBucketName} is false.
 */
export function assertValidBucketName(name: string): void {
  if (!isValidBucketName(name)) {
    throw new S3Error('InvalidBucketName', {
      message: 'The specified bucket is not valid.',
      extra: { BucketName: name },
    });
  }
}
