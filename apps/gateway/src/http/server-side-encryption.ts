import { createHash } from 'node:crypto';
import { S3Error } from '@strata/s3-xml';

/** Reads one header (or POST form field) by its lower-case name. */
export type FieldReader = (name: string) => string | undefined;

/** `x-amz-server-side-encryption`: the method of SSE-S3, SSE-KMS and DSSE-KMS. */
export const SSE_HEADER = 'x-amz-server-side-encryption';

/** The methods S3 accepts in {@link SSE_HEADER}. */
export const SSE_METHODS = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const;

/** One of {@link SSE_METHODS}. */
export type SseMethod = (typeof SSE_METHODS)[number];

/** Headers that only make sense with an `aws:kms` method. */
const KMS_HEADERS = [
  'x-amz-server-side-encryption-aws-kms-key-id',
  'x-amz-server-side-encryption-context',
] as const;

/** The three headers of a customer-provided key, and their copy-source forms. */
const CUSTOMER_KEY_HEADERS = {
  object: {
    algorithm: 'x-amz-server-side-encryption-customer-algorithm',
    key: 'x-amz-server-side-encryption-customer-key',
    keyMd5: 'x-amz-server-side-encryption-customer-key-md5',
  },
  copySource: {
    algorithm: 'x-amz-copy-source-server-side-encryption-customer-algorithm',
    key: 'x-amz-copy-source-server-side-encryption-customer-key',
    keyMd5: 'x-amz-copy-source-server-side-encryption-customer-key-md5',
  },
} as const;

/** A customer-provided key (SSE-C), checked against its MD5. */
export interface CustomerKey {
  /** The header that carried the algorithm (names the key in errors). */
  readonly header: string;
  /** Base64 MD5 of the key, as the client sent it and S3 echoes it. */
  readonly keyMd5: string;
}

/** What encryption a write asks for, validated; both absent for a plain write. */
export interface EncryptionRequest {
  readonly method: SseMethod | undefined;
  readonly customerKey: CustomerKey | undefined;
}

/** Where a request came from, as far as its encryption headers care. */
export interface EncryptionContext {
  /** Whether the client reached the gateway over TLS (directly, or through a trusted proxy). */
  readonly secure: boolean;
}

/** 400 InvalidArgument naming the header; never carries a secret (the key is never echoed). */
function invalidArgument(message: string, name: string, value: string): S3Error {
  return new S3Error('InvalidArgument', {
    message,
    extra: { ArgumentName: name, ArgumentValue: value },
  });
}

/**
 * The customer-provided key of a request, checked in the order S3 checks it: TLS first (the key
 * must not cross a plain connection, even to be refused), then the algorithm, the key, its MD5,
 * the key's length and the MD5's match. `undefined` when none of the three headers is present.
 *
 * @throws S3Error InvalidRequest over plain HTTP, InvalidEncryptionAlgorithmError for an algorithm
 *   other than AES256, InvalidArgument for a missing, short or mismatched key.
 */
export function customerKeyOf(
  read: FieldReader,
  context: EncryptionContext,
  source: 'object' | 'copySource' = 'object',
): CustomerKey | undefined {
  const names = CUSTOMER_KEY_HEADERS[source];
  const algorithm = read(names.algorithm);
  const key = read(names.key);
  const keyMd5 = read(names.keyMd5);
  if (algorithm === undefined && key === undefined && keyMd5 === undefined) return undefined;
  if (!context.secure) {
    throw new S3Error('InvalidRequest', {
      message:
        'Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.',
    });
  }
  if (algorithm === undefined) {
    throw invalidArgument(
      'Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.',
      names.algorithm,
      'null',
    );
  }
  if (algorithm !== 'AES256') {
    throw new S3Error('InvalidEncryptionAlgorithmError', {
      extra: { ArgumentName: names.algorithm, ArgumentValue: algorithm },
    });
  }
  if (key === undefined) {
    throw invalidArgument(
      'Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.',
      names.key,
      'null',
    );
  }
  if (keyMd5 === undefined) {
    throw invalidArgument(
      'Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.',
      names.keyMd5,
      'null',
    );
  }
  const bytes = Buffer.from(key, 'base64');
  if (bytes.length !== 32) {
    throw invalidArgument('The secret key was invalid for the specified algorithm.', names.key, '');
  }
  if (createHash('md5').update(bytes).digest('base64') !== keyMd5) {
    throw invalidArgument(
      'The calculated MD5 hash of the key did not match the hash that was provided.',
      names.keyMd5,
      keyMd5,
    );
  }
  return { header: names.algorithm, keyMd5 };
}

/**
 * The encryption a write (PutObject, PostObject, CreateMultipartUpload, CopyObject's
 * destination) asks for, validated as S3 does: the customer key first, then the method (one of
 * {@link SSE_METHODS}, not together with a customer key), then KMS headers only with `aws:kms`.
 *
 * @throws S3Error as {@link customerKeyOf}, or InvalidArgument naming the offending header.
 */
export function encryptionOf(read: FieldReader, context: EncryptionContext): EncryptionRequest {
  const customerKey = customerKeyOf(read, context);
  const method = read(SSE_HEADER);
  if (method !== undefined) {
    if (customerKey) {
      throw invalidArgument(
        'Server Side Encryption with Customer provided key is incompatible with the encryption method specified',
        SSE_HEADER,
        method,
      );
    }
    if (!(SSE_METHODS as readonly string[]).includes(method)) {
      throw invalidArgument('The encryption method specified is not supported', SSE_HEADER, method);
    }
  }
  if (method === undefined || method === 'AES256') {
    for (const name of KMS_HEADERS) {
      const value = read(name);
      if (value !== undefined) {
        throw invalidArgument(
          'Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms',
          name,
          value,
        );
      }
    }
  }
  return { method: method as SseMethod | undefined, customerKey };
}

/**
 * Refuses a valid encryption request, since Strata does not encrypt objects yet: 501
 * NotImplemented naming the header, before a byte is stored. Storing the object in plain text
 * while the client believes it encrypted is the one answer that must never happen.
 */
export function refuseEncryption(request: EncryptionRequest): void {
  const header = request.customerKey?.header ?? (request.method ? SSE_HEADER : undefined);
  if (header === undefined) return;
  throw new S3Error('NotImplemented', {
    message: 'Server-side encryption is not implemented; the object was not stored',
    extra: { Header: header },
  });
}

/**
 * The customer key sent to an object that was not stored with one (a read, an upload part, a
 * copy source): 400 InvalidRequest, as S3 answers.
 */
export function notApplicable(): S3Error {
  return new S3Error('InvalidRequest', {
    message: 'The encryption parameters are not applicable to this object.',
  });
}
