import type { Scenario } from './scenario.js';

/**
 * In-process: `@strata/sigv4-verify` against the bare `node:crypto` work it cannot avoid, side by
 * side in one run. (a) Header-auth verifications of a realistic request mix with a warm signing
 * key cache, next to the crypto floor of a verification and the Go orchestrator's reported
 * 4.7 µs. (b) Body decoding throughput of three `x-amz-content-sha256` modes, each next to the raw
 * SHA-256 or CRC32 rate over the same bytes (the aim: signed aws-chunked ≥ 0.8× SHA-256).
 */
export const sigv4: Scenario = {
  name: 'sigv4',
  title: 'SigV4: header-auth verifications and aws-chunked decoding, in-process',
  targets: [],
  inProcess: [
    { name: 'strata', description: '@strata/sigv4-verify: createSigV4Verifier, createBodyDecoder' },
    {
      name: 'raw',
      description:
        'the bare primitive over the same input: SHA-256 + HMAC of one verification, SHA-256 or CRC32 of the body',
    },
  ],
  async run(ctx) {
    const { runSigv4 } = await import('../inproc/run-sigv4.js');
    await runSigv4(ctx);
  },
};
