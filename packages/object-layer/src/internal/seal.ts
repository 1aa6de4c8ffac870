import { createHmac } from 'node:crypto';
import {
  DEFAULT_CHUNK_SIZE,
  MissingKeyError,
  createKeyWrapper,
  generateDataKey,
  type Keyring,
  type WrappedDataKey,
} from '@strata/envelope';
import type { Bucket, ObjectEncryption, ServerSideEncryption } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import type { CustomerKey, WriteEncryption } from '../types.js';
import { notApplicable, wrongCustomerKey } from './s3-errors.js';
import type { LayerContext } from './context.js';

/**
 * The key id under which an SSE-C object's data key is wrapped by the customer's key. Reserved:
 * no keyring key may take it.
 */
export const CUSTOMER_KEY_ID = 'sse-c';

/** A new version's data key and the encryption its record will carry. */
export interface Seal {
  readonly dataKey: Buffer;
  /** `salts` empty: each segment's salt is added once it is written. */
  readonly encryption: ObjectEncryption;
}

/**
 * The encryption of a new version: the write's own request, else the bucket's default, else none
 * (`undefined`, plaintext). A fresh random data key is wrapped by the customer's key (SSE-C), the
 * KMS key the write names, or the keyring's current key.
 *
 * @throws S3Error as {@link keyringKeyFor}.
 */
export function newSeal(
  ctx: LayerContext,
  request: WriteEncryption | undefined,
  bucket: Bucket | undefined,
): Seal | undefined {
  const wanted = request ?? defaultEncryption(bucket);
  if (wanted === undefined) return undefined;
  const dataKey = generateDataKey();
  const chunkSize = ctx.encryptionChunkSize ?? DEFAULT_CHUNK_SIZE;
  if (wanted.method === 'SSE-C') {
    const wrapped = createKeyWrapper(CUSTOMER_KEY_ID, wanted.customerKey.key).wrap(dataKey);
    return {
      dataKey,
      encryption: {
        method: 'SSE-C',
        ...wrappedFields(wrapped),
        chunkSize,
        salts: [],
        customerKeyMd5: wanted.customerKey.keyMd5,
      },
    };
  }
  const named = wanted.method === 'AES256' ? undefined : wanted.kmsKeyId;
  const { keyring, keyId } = keyringKeyFor(ctx, wanted.method, named);
  const wrapped = keyring.wrapWith(keyId, dataKey);
  const kmsContext = wanted.method === 'AES256' ? undefined : wanted.kmsContext;
  return {
    dataKey,
    encryption: {
      method: wanted.method,
      ...wrappedFields(wrapped),
      chunkSize,
      salts: [],
      ...(named === undefined ? {} : { kmsKeyId: named }),
      ...(kmsContext === undefined ? {} : { kmsContext }),
      ...(wanted.bucketKeyEnabled === undefined
        ? {}
        : { bucketKeyEnabled: wanted.bucketKeyEnabled }),
    },
  };
}

/**
 * The keyring and key id that wrap the data keys of a server-side encryption method, with the KMS
 * key it names: checked for a write and for a bucket default alike (PutBucketEncryption), so a
 * rule no write could honour is never stored.
 *
 * @throws S3Error NotImplemented without a keyring (never a plaintext object for a client that
 *   asked otherwise), or for `aws:kms:dsse` (one layer of encryption is not the dual layer it
 *   promises); KMS.NotFoundException for a KMS key id the keyring does not hold.
 */
export function keyringKeyFor(
  ctx: LayerContext,
  method: ServerSideEncryption,
  kmsKeyId: string | undefined,
): { keyring: Keyring; keyId: string } {
  const keyring = ctx.keyring;
  if (keyring === undefined) {
    throw new S3Error('NotImplemented', {
      message:
        'Server-side encryption needs encryption keys configured (encryption.keys); nothing was stored',
      extra: { Header: 'x-amz-server-side-encryption' },
    });
  }
  if (method === 'aws:kms:dsse') {
    throw new S3Error('NotImplemented', {
      message: 'Dual-layer server-side encryption (aws:kms:dsse) is not implemented',
      extra: { Header: 'x-amz-server-side-encryption' },
    });
  }
  if (kmsKeyId === undefined) return { keyring, keyId: keyring.currentKeyId };
  const keyId = keyIdOfKms(kmsKeyId);
  if (keyId === undefined || !keyring.has(keyId)) {
    throw new S3Error('KMS.NotFoundException', { message: `Invalid keyId '${kmsKeyId}'` });
  }
  return { keyring, keyId };
}

/** A bucket's default encryption as a write's request; `undefined` when it has none. */
function defaultEncryption(bucket: Bucket | undefined): WriteEncryption | undefined {
  const rule = bucket?.encryption;
  if (rule === undefined) return undefined;
  return {
    method: rule.algorithm,
    ...(rule.kmsKeyId === undefined ? {} : { kmsKeyId: rule.kmsKeyId }),
    ...(rule.bucketKeyEnabled === undefined ? {} : { bucketKeyEnabled: rule.bucketKeyEnabled }),
  };
}

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[^:]*:[^:]*:(?:key|alias)\/(.+)$/;

/**
 * The keyring key id a KMS key id names: the id itself, or what follows the exact prefix of a KMS
 * ARN (`arn:aws:kms:region:account:key/` or `…:alias/`) or an alias (`alias/`), so an id that
 * itself contains `/` is never cut short into another key's id; `undefined` when empty.
 */
export function keyIdOfKms(kmsKeyId: string): string | undefined {
  const id = KMS_KEY_ARN.exec(kmsKeyId)?.[1] ?? kmsKeyId.replace(/^alias\//, '');
  return id === '' ? undefined : id;
}

function wrappedFields(wrapped: WrappedDataKey): { keyId: string; wrappedKey: string } {
  return { keyId: wrapped.keyId, wrappedKey: wrapped.wrapped.toString('base64') };
}

/** The wrapped data key an encryption record keeps. */
export function wrappedKeyOf(encryption: ObjectEncryption): WrappedDataKey {
  return { keyId: encryption.keyId, wrapped: Buffer.from(encryption.wrappedKey, 'base64') };
}

/**
 * S3's checks of the customer key a read, upload part or copy source carries, and the data key of
 * an SSE-C object (unwrapped by that key); `undefined` for any other object. Enough for HEAD
 * and GetObjectAttributes, which never unwrap a keyring key: a lost master key does not make
 * metadata unreadable.
 *
 * @throws S3Error InvalidRequest when an SSE-C object is read without its key, or a key is sent
 *   for an object that has none; AccessDenied when the key is not the one it was stored with.
 */
export function customerDataKey(
  encryption: ObjectEncryption | undefined,
  customerKey: CustomerKey | undefined,
): Buffer | undefined {
  if (encryption?.method !== 'SSE-C') {
    if (customerKey !== undefined) throw notApplicable();
    return undefined;
  }
  if (customerKey === undefined) {
    throw new S3Error('InvalidRequest', {
      message:
        'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.',
    });
  }
  // The MD5 check answers a wrong key at once; the unwrap (GCM-authenticated) is the proof.
  const md5 = encryption.customerKeyMd5;
  if (md5 !== undefined && customerKey.keyMd5 !== md5) throw wrongCustomerKey();
  try {
    return createKeyWrapper(CUSTOMER_KEY_ID, customerKey.key).unwrap(wrappedKeyOf(encryption));
  } catch {
    throw wrongCustomerKey();
  }
}

/**
 * The data key of an object (or upload) for reading or adding parts, after the customer key's
 * checks ({@link customerDataKey}); `undefined` for plaintext.
 *
 * @throws S3Error as {@link customerDataKey}; MissingKeyError (`EENVELOPE_MISSING_KEY`, naming
 *   the key id: a server fault the gateway logs) when the keyring does not hold the master key;
 *   EnvelopeError when the stored wrapped key does not authenticate. Never garbage bytes.
 */
export function dataKeyFor(
  ctx: LayerContext,
  encryption: ObjectEncryption | undefined,
  customerKey: CustomerKey | undefined,
): Buffer | undefined {
  const customer = customerDataKey(encryption, customerKey);
  if (encryption === undefined || customer !== undefined) return customer;
  if (ctx.keyring === undefined) throw new MissingKeyError(encryption.keyId);
  return ctx.keyring.unwrap(wrappedKeyOf(encryption));
}

/**
 * The ETag of an encrypted version or part whose plaintext MD5 is `md5`: that MD5 for SSE-S3 (as
 * S3), an opaque keyed digest for SSE-C and SSE-KMS, so the ETag tells nothing about the
 * plaintext to someone without the key (S3's are not MD5s either).
 */
export function sealedEtag(
  encryption: ObjectEncryption | undefined,
  md5: Buffer,
  dataKey: Buffer | undefined,
): string {
  if (encryption === undefined || encryption.method === 'AES256' || dataKey === undefined) {
    return md5.toString('hex');
  }
  return createHmac('sha256', dataKey)
    .update('strata etag\0')
    .update(md5)
    .digest('hex')
    .slice(0, 32);
}

/** Whether a version's ETag is the MD5 of its bytes (a single PUT, plaintext or SSE-S3). */
export function etagIsMd5(record: {
  etag: string;
  encryption?: ObjectEncryption | undefined;
}): boolean {
  const method = record.encryption?.method;
  return /^[0-9a-f]{32}$/.test(record.etag) && (method === undefined || method === 'AES256');
}
