import type { Scenario } from './scenario.js';

/**
 * In-process: `@strata/envelope`'s chunked AES-256-GCM against one bare AES-256-GCM over the same
 * bytes, side by side in one run: encrypt and decrypt MiB/s per core (`encryptSegment` and
 * `decryptSegments` with 64 KiB chunks against `createCipheriv`/`createDecipheriv`, the OpenSSL
 * ceiling), after self-checks a broken implementation cannot pass; next to seed 004's Go
 * orchestrator's reported 1.3 GB/s and 2 GB/s; and the stored bytes a 1 MiB ranged read of a
 * 1 GiB object fetches (computed).
 */
export const envelope: Scenario = {
  name: 'envelope',
  title: 'Envelope encryption: chunked AES-256-GCM encrypt and decrypt, in-process',
  targets: [],
  inProcess: [
    {
      name: 'strata',
      description:
        '@strata/envelope encryptSegment / decryptSegments, default 64 KiB chunks (a key derived per segment; a cipher, nonce, AAD and tag per chunk; framing)',
    },
    {
      name: 'raw',
      description:
        "one node:crypto createCipheriv / createDecipheriv('aes-256-gcm') over the same plaintext, no framing: the OpenSSL ceiling",
    },
  ],
  async run(ctx) {
    const { runEnvelope } = await import('../inproc/run-envelope.js');
    await runEnvelope(ctx);
  },
};
