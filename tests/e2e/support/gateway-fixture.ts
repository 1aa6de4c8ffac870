import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { withEncryption } from './strata-config.js';
import { startStrata, type StrataProcess } from './strata-process.js';
import { createTestCertificate, type TestCertificate } from './tls-certificate.js';

/** Transports every client suite runs over. */
export const TRANSPORTS = ['http', 'https'] as const;
/** One of {@link TRANSPORTS}. */
export type Transport = (typeof TRANSPORTS)[number];

/** Base domain the client suites start the gateway with (`--domain`). */
export const GATEWAY_DOMAIN = 's3.localhost';

/** A gateway shared by one `describe` block, and a scratch directory for the client. */
export interface GatewayFixture {
  readonly transport: Transport;
  readonly strata: StrataProcess;
  /** `http(s)://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** The test certificate (HTTPS only). */
  readonly cert: TestCertificate | undefined;
  /** A temp dir for the client's config, HOME and local files; removed afterwards. */
  readonly home: string;
}

/**
 * Starts one `strata` (HTTPS with a fresh self-signed certificate when `transport` is https;
 * the encryption keys of `withEncryption`) for the enclosing `describe`, and stops it
 * afterwards. Read the fixture inside tests/hooks.
 */
export function useGateway(transport: Transport, prefix: string): () => GatewayFixture {
  let fixture: GatewayFixture | undefined;
  beforeAll(async () => {
    const home = await mkdtemp(join(tmpdir(), `strata-e2e-${prefix}-`));
    const cert = transport === 'https' ? await createTestCertificate(home) : undefined;
    const strata = await startStrata(
      await withEncryption(home, {
        args: ['--domain', GATEWAY_DOMAIN],
        ...(cert ? { tls: cert } : {}),
      }),
    );
    fixture = { transport, strata, endpoint: strata.url, cert, home };
  });
  afterAll(async () => {
    if (!fixture) return;
    await fixture.strata[Symbol.asyncDispose]();
    await rm(fixture.home, { recursive: true, force: true });
  });
  return () => {
    if (!fixture) throw new Error('the gateway fixture is not started (beforeAll failed?)');
    return fixture;
  };
}
