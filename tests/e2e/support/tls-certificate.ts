import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A self-signed certificate on disk, and its PEM for clients to trust. */
export interface TestCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  /** The certificate PEM; trusted as its own CA by test clients. */
  readonly ca: Buffer;
}

/**
 * Host names the test certificate covers. Node refuses `*.localhost` wildcards (a wildcard
 * directly under a TLD, RFC 6125 §6.4.3), so virtual-host tests use `BUCKET.s3.localhost`,
 * matched by `*.s3.localhost`.
 */
export const TEST_CERT_NAMES = [
  'IP:127.0.0.1',
  'DNS:localhost',
  'DNS:s3.localhost',
  'DNS:*.s3.localhost',
] as const;

/** Generates a one-day self-signed EC certificate with `openssl` into `dir`. */
export async function createTestCertificate(dir: string): Promise<TestCertificate> {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-addext',
    `subjectAltName=${TEST_CERT_NAMES.join(',')}`,
  ]);
  return { certFile, keyFile, ca: await readFile(certFile) };
}
