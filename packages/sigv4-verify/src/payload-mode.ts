import { SigV4Error } from './sigv4-error.js';

/** The literal `x-amz-content-sha256` values AWS accepts besides a SHA-256 hex digest. */
export const PAYLOAD_HASH_LITERALS = [
  'UNSIGNED-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
] as const;

/** One of {@link PAYLOAD_HASH_LITERALS}. */
export type PayloadHashLiteral = (typeof PAYLOAD_HASH_LITERALS)[number];

/** How the request body is protected, as announced by `x-amz-content-sha256`. */
export type PayloadMode =
  | { kind: 'unsigned' }
  | { kind: 'sha256'; hex: string }
  | { kind: 'streaming-signed' }
  | { kind: 'streaming-signed-trailer' }
  | { kind: 'streaming-unsigned-trailer' };

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const LOWER_SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Parse an `x-amz-content-sha256` value.
 *
 * @throws {SigV4Error} `InvalidArgument` for anything AWS would not accept (including the
 *   SigV4a `STREAMING-AWS4-ECDSA-*` modes, which this package does not verify).
 */
export function parsePayloadMode(value: string): PayloadMode {
  switch (value) {
    case 'UNSIGNED-PAYLOAD':
      return { kind: 'unsigned' };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD':
      return { kind: 'streaming-signed' };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER':
      return { kind: 'streaming-signed-trailer' };
    case 'STREAMING-UNSIGNED-PAYLOAD-TRAILER':
      return { kind: 'streaming-unsigned-trailer' };
    default:
      // What SDKs send is lower case already: `toLowerCase` only for the rest.
      if (LOWER_SHA256_HEX.test(value)) return { kind: 'sha256', hex: value };
      if (SHA256_HEX.test(value)) return { kind: 'sha256', hex: value.toLowerCase() };
      throw new SigV4Error(
        'InvalidArgument',
        `x-amz-content-sha256 must be ${PAYLOAD_HASH_LITERALS.join(', ')} or a valid sha256 value.`,
        { ArgumentName: 'x-amz-content-sha256', ArgumentValue: value },
      );
  }
}

/** `true` when the body uses `aws-chunked` framing. */
export function isStreamingPayload(mode: PayloadMode): boolean {
  return mode.kind.startsWith('streaming-');
}
