import { createHmac } from 'node:crypto';
import {
  DEFAULT_CHUNK_SIZE,
  MissingKeyError,
  createKeyWrapper,
  generateDataKey,
  type WrappedDataKey,
} from '@strata/envelope';
import type { Bucket, ObjectEncryption } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';
import type { CustomerKey, WriteEncryption } from '../types.js';
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
 * @throws S3Error NotImplemented when encryption is asked for (or is the bucket's default) and no
 *   keyring is configured: never a plaintext object for a client that asked otherwise;
 *   KMS.NotFoundException for a KMS key id the keyring does not hold.
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
  const keyring = ctx.keyring;
  if (keyring === undefined) {
    throw new S3Error('NotImplemented', {
      message:
        'Server-side encryption needs encryption keys configured (encryption.keys); the object was not stored',
      extra: { Header: 'x-amz-server-side-encryption' },
    });
  }
  const named = wanted.method === 'AES256' ? undefined : wanted.kmsKeyId;
  let wrapped: WrappedDataKey;
  if (named === undefined) {
    wrapped = keyring.wrap(dataKey);
  } else {
    const keyId = keyIdOfKms(named);
    if (keyId === undefined || !keyring.has(keyId)) {
      throw new S3Error('KMS.NotFoundException', { message: `Invalid keyId '${named}'` });
    }
    wrapped = keyring.wrapWith(keyId, dataKey);
  }
  const kms = wanted.method === 'AES256' ? undefined : wanted;
  return {
    dataKey,
    encryption: {
      method: wanted.method,
      ...wrappedFields(wrapped),
      chunkSize,
      salts: [],
      ...(named === undefined ? {} : { kmsKeyId: named }),
      ...(kms?.kmsContext === undefined ? {} : { kmsContext: kms.kmsContext }),
      ...(wanted.bucketKeyEnabled === undefined
        ? {}
        : { bucketKeyEnabled: wanted.bucketKeyEnabled }),
    },
  };
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

/**
 * The keyring key id a KMS key id names: the id itself, or the last part of an ARN
 * (`arn:aws:kms:region:account:key/<id>`) or alias (`alias/<id>`); `undefined` when empty.
 */
export function keyIdOfKms(kmsKeyId: string): string | undefined {
  const slash = kmsKeyId.lastIndexOf('/');
  const id = slash >= 0 && /^(arn:|alias\/)/.test(kmsKeyId) ? kmsKeyId.slice(slash + 1) : kmsKeyId;
  return id === '' ? undefined : id;
}

function wrappedFields(wrapped: WrappedDataKey): { keyId: string; wrappedKey: string } {
  return { keyId: wrapped.keyId, wrappedKey: wrapped.wrapped.toString('base64') };
}

/** The wrapped data key an encryption record keeps. */
export function wrappedKeyOf(encryption: ObjectEncryption): WrappedDataKey {
  return { keyId: encryption.keyId, wrapped: Buffer.from(encryption.wrappedKey, 'base64') };
}

/** 400 InvalidRequest: a customer key sent for an object (or upload) that has none. */
export function notApplicable(): S3Error {
  return new S3Error('InvalidRequest', {
    message: 'The encryption parameters are not applicable to this object.',
  });
}

/**
 * The data key of an object (or upload) for reading or adding parts, after S3's checks of the
 * customer key; `undefined` for plaintext.
 *
 * @throws S3Error InvalidRequest when an SSE-C object is read without its key, or a key is sent
 *   for an object that has none; AccessDenied when the key is not the one it was stored with;
 *   InternalError naming the master key when the keyring does not hold it (never garbage bytes).
 */
export function dataKeyFor(
  ctx: LayerContext,
  encryption: ObjectEncryption | undefined,
  customerKey: CustomerKey | undefined,
): Buffer | undefined {
  if (encryption === undefined) {
    if (customerKey !== undefined) throw notApplicable();
    return undefined;
  }
  if (encryption.method === 'SSE-C') {
    if (customerKey === undefined) {
      throw new S3Error('InvalidRequest', {
        message:
          'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.',
      });
    }
    // The MD5 check answers a wrong key at once; the unwrap (GCM-authenticated) is the proof.
    const md5 = encryption.customerKeyMd5;
    if (md5 !== undefined && customerKey.keyMd5 !== md5) throw accessDenied();
    try {
      return createKeyWrapper(CUSTOMER_KEY_ID, customerKey.key).unwrap(wrappedKeyOf(encryption));
    } catch {
      throw accessDenied();
    }
  }
  if (customerKey !== undefined) throw notApplicable();
  if (ctx.keyring === undefined) throw missingKey(encryption.keyId);
  try {
    return ctx.keyring.unwrap(wrappedKeyOf(encryption));
  } catch (error) {
    if (error instanceof MissingKeyError) throw missingKey(encryption.keyId, error);
    throw error;
  }
}

function accessDenied(): S3Error {
  return new S3Error('AccessDenied', {
    message: 'The provided customer key does not match the key the object was encrypted with.',
  });
}

function missingKey(keyId: string, cause?: unknown): S3Error {
  return new S3Error('InternalError', {
    message: `The encryption key "${keyId}" this object was stored with is not configured (encryption.keys).`,
    ...(cause === undefined ? {} : { cause }),
  });
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
