/** Why an envelope could not be read. */
export type EnvelopeErrorCode =
  /** Bytes that are not a segment header of a known version. */
  | 'EENVELOPE_FORMAT'
  /** A frame or data key whose authentication failed: tampered, reordered or of another object. */
  | 'EENVELOPE_AUTH'
  /** The bytes ended before the data did (a cut blob, or a last frame never came). */
  | 'EENVELOPE_TRUNCATED';

/**
 * Stored bytes that cannot be decrypted to what was written. Never a partial answer: a reader
 * that gets this error has been given only bytes that authenticated before it.
 */
export class EnvelopeError extends Error {
  override readonly name = 'EnvelopeError';
  /** Stable code to branch on. */
  readonly code: EnvelopeErrorCode;

  constructor(code: EnvelopeErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A master key that the keyring does not hold. Names the key id, so an operator knows which key
 * to restore; never decrypts to garbage instead.
 */
export class MissingKeyError extends Error {
  override readonly name = 'MissingKeyError';
  /** Stable code to branch on. */
  readonly code = 'EENVELOPE_MISSING_KEY';
  /** The id of the key that is missing. */
  readonly keyId: string;

  constructor(keyId: string) {
    super(`master key "${keyId}" is not in the keyring; objects encrypted under it cannot be read`);
    this.keyId = keyId;
  }
}

/** Whether `error` is an {@link EnvelopeError}. */
export function isEnvelopeError(error: unknown): error is EnvelopeError {
  return error instanceof EnvelopeError;
}
