import { createHash } from 'node:crypto';
import type { CustomerKey, ObjectEncryption, WriteEncryption } from '@strata/object-layer';
import { S3Error } from '@strata/s3-xml';

/** Reads one header (or POST form field) by its lower-case name. */
export type FieldReader = (name: string) => string | undefined;

/** `x-amz-server-side-encryption`: the method of SSE-S3, SSE-KMS and DSSE-KMS. */
export const SSE_HEADER = 'x-amz-server-side-encryption';

/** The methods S3 accepts in {@link SSE_HEADER}. */
export const SSE_METHODS = ['AES256', 'aws:kms', 'aws:kms:dsse'] as const;

/** One of {@link SSE_METHODS}. */
export type SseMethod = (typeof SSE_METHODS)[number];

const KMS_KEY_HEADER = 'x-amz-server-side-encryption-aws-kms-key-id';
const KMS_CONTEXT_HEADER = 'x-amz-server-side-encryption-context';
const BUCKET_KEY_HEADER = 'x-amz-server-side-encryption-bucket-key-enabled';

/** Headers that only make sense with an `aws:kms` method. */
const KMS_HEADERS = [KMS_KEY_HEADER, KMS_CONTEXT_HEADER] as const;

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
export interface CustomerKeyHeaders extends CustomerKey {
  /** The header that carried the algorithm (names the key in errors). */
  readonly header: string;
}

/** Where a request came from, as far as its encryption headers care. */
export interface EncryptionContext {
  /** Whether the client reached the gateway over TLS (directly, or through a trusted proxy). */
  readonly secure: boolean;
}

/** How a gateway treats customer keys (the `serverSideEncryption()` middleware, PostObject). */
export interface ServerSideEncryptionOptions {
  /**
   * Accept customer keys (SSE-C) over plain HTTP, which S3 refuses so that a key never crosses
   * the network in the clear (`encryption.allow_customer_keys_over_http`; loopback tests only).
   */
  readonly allowCustomerKeysOverHttp?: boolean | undefined;
}

/** Whether a request may carry a customer key: over TLS, or anywhere when the operator allows. */
export function encryptionContextOf(
  scheme: string,
  options: ServerSideEncryptionOptions,
): EncryptionContext {
  return { secure: scheme === 'https' || options.allowCustomerKeysOverHttp === true };
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
): CustomerKeyHeaders | undefined {
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
  return { header: names.algorithm, key: bytes, keyMd5 };
}

/**
 * The encryption a write (PutObject, PostObject, CreateMultipartUpload, CopyObject's
 * destination) asks for, validated as S3 does: the customer key first, then the method (one of
 * {@link SSE_METHODS}, not together with a customer key), then KMS headers only with `aws:kms`,
 * the encryption context as base64 JSON and the bucket-key flag as a boolean. `undefined` for a
 * write that asks for none (the bucket's default then applies).
 *
 * @throws S3Error as {@link customerKeyOf}, or InvalidArgument naming the offending header.
 */
export function encryptionOf(
  read: FieldReader,
  context: EncryptionContext,
): WriteEncryption | undefined {
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
  const bucketKeyEnabled = bucketKeyOf(read);
  if (customerKey) {
    return { method: 'SSE-C', customerKey: { key: customerKey.key, keyMd5: customerKey.keyMd5 } };
  }
  if (method === undefined) return undefined;
  const kmsKeyId = read(KMS_KEY_HEADER);
  const kmsContext = read(KMS_CONTEXT_HEADER);
  if (kmsContext !== undefined) assertEncryptionContext(kmsContext);
  return {
    method: method as SseMethod,
    ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
    ...(kmsContext === undefined ? {} : { kmsContext }),
    ...(bucketKeyEnabled === undefined ? {} : { bucketKeyEnabled }),
  };
}

/** `x-amz-server-side-encryption-bucket-key-enabled`: `true` or `false`, any case. */
function bucketKeyOf(read: FieldReader): boolean | undefined {
  const value = read(BUCKET_KEY_HEADER);
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') {
    throw invalidArgument('Invalid value for bucket key enabled', BUCKET_KEY_HEADER, value);
  }
  return lower === 'true';
}

/** The encryption context must be base64 of a JSON object of strings (S3's rule). */
function assertEncryptionContext(value: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const ok =
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => typeof v === 'string');
  if (!ok) {
    throw invalidArgument(
      "The header 'x-amz-server-side-encryption-context' shall be Base64-encoded UTF-8 string holding JSON which represents a string-string map",
      KMS_CONTEXT_HEADER,
      value,
    );
  }
}

/**
 * The customer key a read, an upload part or a copy source carries; a read names no method
 * (only a write chooses one). Whether the object needs the key is the object layer's answer.
 *
 * @throws S3Error as {@link customerKeyOf}; InvalidArgument for a method header on a read.
 */
export function readKeyOf(
  read: FieldReader,
  context: EncryptionContext,
  source: 'object' | 'copySource' = 'object',
): CustomerKey | undefined {
  if (source === 'object') {
    const method = read(SSE_HEADER);
    if (method !== undefined) {
      throw new S3Error('InvalidArgument', {
        message: 'x-amz-server-side-encryption header is not supported for this operation.',
        extra: { ArgumentName: SSE_HEADER, ArgumentValue: method },
      });
    }
  }
  const found = customerKeyOf(read, context, source);
  return found === undefined ? undefined : { key: found.key, keyMd5: found.keyMd5 };
}

/**
 * The response headers S3 sends about an object's (or upload's) encryption: the method, the KMS
 * key id (when the write named none, the keyring key that wraps it), the bucket-key flag, and
 * for SSE-C the algorithm and the key's MD5; with `context`, the encryption context (S3 echoes
 * it on writes).
 */
export function encryptionHeaders(
  encryption: ObjectEncryption | undefined,
  options: { readonly context?: boolean } = {},
): Record<string, string> {
  if (encryption === undefined) return {};
  if (encryption.method === 'SSE-C') {
    return {
      'x-amz-server-side-encryption-customer-algorithm': 'AES256',
      ...(encryption.customerKeyMd5 === undefined
        ? {}
        : { 'x-amz-server-side-encryption-customer-key-md5': encryption.customerKeyMd5 }),
    };
  }
  const out: Record<string, string> = { [SSE_HEADER]: encryption.method };
  if (encryption.method !== 'AES256') {
    out[KMS_KEY_HEADER] = encryption.kmsKeyId ?? encryption.keyId;
    if (options.context === true && encryption.kmsContext !== undefined) {
      out[KMS_CONTEXT_HEADER] = encryption.kmsContext;
    }
  }
  if (encryption.bucketKeyEnabled === true) out[BUCKET_KEY_HEADER] = 'true';
  return out;
}
