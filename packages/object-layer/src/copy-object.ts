import { isCopyCapable } from '@strata/backend-pool';
import {
  s3VersionIdOf,
  type Bucket,
  type ObjectEncryption,
  type ObjectRecord,
} from '@strata/metastore-core';
import {
  assertCopySourceConditions,
  assertWriteConditions,
  toObjectCondition,
} from './conditions.js';
import { replaceObject } from './internal/commit.js';
import type { LayerContext } from './internal/context.js';
import { hashInto } from './internal/hash-into.js';
import type { BlobTarget } from './internal/intent-lease.js';
import { MAX_PUT_SIZE } from './internal/limits.js';
import { loadObject, requireBucket } from './internal/load.js';
import { toWriteLock, withLock } from './internal/object-lock.js';
import { openCurrent } from './internal/open-current.js';
import { isBlobMissing, openRecord } from './internal/open-record.js';
import { runWrite } from './internal/run-write.js';
import { invalidRequest } from './internal/s3-errors.js';
import { signalOf } from './internal/signal.js';
import { assertKey, assertUserMetadata } from './internal/validate.js';
import type { CopyObjectInput, PutObjectResult, WriteEncryption } from './types.js';
import { toObjectTags, withTags } from './tag-sets.js';
import {
  customerDataKey,
  dataKeyFor,
  etagIsMd5,
  newSeal,
  sealedEtag,
  type Seal,
} from './internal/seal.js';
import { identityOf, sealSegment, sealedRecord, storedBytesOf } from './internal/sealed-streams.js';

/** What a copy stored, when it differs from the source: a re-encrypted (or decrypted) copy. */
interface CopiedBytes {
  readonly etag?: string | undefined;
  readonly encryption?: ObjectEncryption | undefined;
}

const COPY_TO_ITSELF =
  "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.";

/**
 * CopyObject: copies the source's current version (or `sourceVersionId`) into a fresh blob (a backend-side copy when the
 * target backend holds a copy and can copy, else a verified stream through the gateway) and
 * commits it like a PUT. The new version keeps the source's ETag, parts and checksums;
 * `COPY` keeps its headers and user metadata, `REPLACE` takes the input's. Encryption is the
 * destination's own (the write's headers, else the bucket's default), never the source's: a copy
 * from or to an encrypted object streams through the gateway, decrypting and re-encrypting, and a
 * single-PUT source's ETag is recomputed for the new encryption. A source overwritten
 * or deleted while the copy starts is re-read ({@link openCurrent}): the new version is copied,
 * or the answer is NoSuchKey.
 *
 * @throws S3Error NoSuchBucket, NoSuchKey, PreconditionFailed (source or destination conditions),
 *   InvalidRequest (copy onto itself unchanged; source over 5 GiB), KeyTooLongError,
 *   MetadataTooLarge, ConditionalRequestConflict; ObjectDataLostError when every copy of the
 *   source is missing; backend and metastore errors unchanged.
 */
export async function copyObject(
  ctx: LayerContext,
  input: CopyObjectInput,
): Promise<PutObjectResult> {
  assertKey(input.key);
  const directive = input.metadataDirective ?? 'COPY';
  if (directive === 'REPLACE') assertUserMetadata(input.userMetadata);
  const replacedTags =
    input.taggingDirective === 'REPLACE' ? toObjectTags(input.tags ?? []) : undefined;
  // S3 does not carry the storage class over: an unspecified one means STANDARD.
  const storageClass = input.storageClass ?? 'STANDARD';
  const resolveSource = () => loadCopySource(ctx, input, storageClass);
  const first = await resolveSource();
  const destination = await requireBucket(ctx, input.bucket);
  const lock = toWriteLock(input.lock, destination, ctx.now());
  const seal = newSeal(
    ctx,
    input.encryption ?? keptEncryption(ctx, first.record, destination),
    destination,
  );
  const current = input.conditions
    ? await ctx.store.objects.get(input.bucket, input.key)
    : undefined;
  assertWriteConditions(current, input.conditions, input);
  const condition = toObjectCondition(input.conditions, current);

  return runWrite(ctx, {
    bucket: input.bucket,
    key: input.key,
    size: first.record.size,
    condition,
    // The version actually copied (the source may have been replaced meanwhile) is the one the
    // new record describes. A copy is written to one backend; replicas are queued.
    write: async ([target]) => {
      if (target === undefined) throw new Error('CopyObject placed on no backend');
      const { source, opened } = await openCurrent({
        resolved: first,
        resolve: resolveSource,
        open: (source) => copyBytes(ctx, input, source.record, target, seal),
      });
      return {
        value: { source: source.record, copied: opened },
        size: source.record.size,
        stored: [target],
      };
    },
    commit: async (tx, { source, copied }, [target]) => {
      const record = withLock(
        withTags(
          toCopyRecord(ctx, input, source, copied, target!, storageClass),
          replacedTags ?? source.tags ?? {},
        ),
        lock,
      );
      return {
        record: (
          await replaceObject(tx, record, condition, {
            name: 's3:ObjectCreated:Copy',
            origin: input.origin,
          })
        ).record,
        sourceVersionId: s3VersionIdOf(source),
      };
    },
  });
}

/**
 * What a copy asking for no encryption gets when its bucket has no default either: an encrypted
 * source is never decrypted into plain text silently, so with keys configured the copy is stored
 * SSE-S3 (as AWS, whose every write is at least SSE-S3 now); a plaintext source stays plaintext.
 * Without keys only an SSE-C source can be encrypted, and its copy is stored as the client asked:
 * in plain text (the README says so).
 */
function keptEncryption(
  ctx: LayerContext,
  source: ObjectRecord,
  destination: Bucket,
): WriteEncryption | undefined {
  if (source.encryption === undefined || destination.encryption !== undefined) return undefined;
  return ctx.keyring === undefined ? undefined : { method: 'AES256' };
}

/**
 * The copy source's current version, after the checks that depend on it (copy-source
 * conditions, copy onto itself, the 5 GiB limit). Run again when the source changes under a copy.
 */
async function loadCopySource(
  ctx: LayerContext,
  input: CopyObjectInput,
  storageClass: string,
): Promise<{ record: ObjectRecord }> {
  const source = await loadObject(ctx, input.sourceBucket, input.sourceKey, {
    versionId: input.sourceVersionId,
    reader: 'COPY',
  });
  customerDataKey(source.encryption, input.sourceCustomerKey);
  assertCopySourceConditions(source, input.sourceConditions);
  const sameObject = input.sourceBucket === input.bucket && input.sourceKey === input.key;
  const directive = input.metadataDirective ?? 'COPY';
  const unchanged =
    directive === 'COPY' && storageClass === source.storageClass && input.encryption === undefined;
  if (sameObject && unchanged) {
    throw invalidRequest(COPY_TO_ITSELF);
  }
  if (source.size > MAX_PUT_SIZE) {
    throw invalidRequest(
      `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_PUT_SIZE}`,
    );
  }
  return { record: source };
}

async function copyBytes(
  ctx: LayerContext,
  input: CopyObjectInput,
  source: ObjectRecord,
  target: BlobTarget,
  seal: Seal | undefined,
): Promise<CopiedBytes> {
  const { signal } = input;
  const local = source.copies.find((copy) => copy.backend === target.backend.name);
  // Encrypted bytes are bound to their version: a backend-side copy would not decrypt.
  const plain = seal === undefined && source.encryption === undefined;
  if (plain && local && isCopyCapable(target.backend)) {
    try {
      const { size } = await target.backend.copy(local.blob, target.blob, signalOf({ signal }));
      if (size !== source.size)
        throw new Error(`backend copy of ${local.blob} gave ${size} of ${source.size} bytes`);
      return {};
    } catch (error) {
      // This backend lost its copy: stream from another one, which also queues the lost copy's
      // re-replication (openRecord). Without another copy, openCurrent reports the loss.
      if (!isBlobMissing(error) || source.copies.length < 2) throw error;
    }
  }
  const body = await openRecord(ctx, source, undefined, signal, {
    dataKey: dataKeyFor(ctx, source.encryption, input.sourceCustomerKey),
  });
  const storedBytes = storedBytesOf(seal, source.size);
  const identity = identityOf(input.bucket, input.key, target.writeId);
  let salt: string | undefined;
  const hashed = await hashInto(
    body,
    (plainStream) => {
      const { stream, salt: written } = sealSegment(plainStream, seal, identity);
      salt = written;
      return target.backend.put(target.blob, stream, {
        size: storedBytes,
        ...signalOf({ signal }),
      });
    },
    { signal },
  );
  // A stored blob that disagrees with its row is an internal fault, not the client's: plain Errors.
  if (hashed.bytes !== source.size) {
    throw new Error(
      `copy source ${source.bucket}/${source.key} gave ${hashed.bytes} of ${source.size} bytes`,
    );
  }
  if (hashed.result.size !== storedBytes) {
    throw new Error(`${target.backend.name} stored ${hashed.result.size} of ${storedBytes} bytes`);
  }
  // A single-PUT ETag is the MD5 of the bytes: verify the copy end to end while it is free.
  if (etagIsMd5(source) && hashed.md5.toString('hex') !== source.etag) {
    throw new Error(`copy of ${source.bucket}/${source.key} does not match its ETag`);
  }
  if (plain) return {};
  if (seal === undefined) {
    // Decrypted into plain bytes: a single PUT's ETag is their MD5 again; a multipart source
    // keeps its ETag and parts, which still describe the bytes.
    return source.parts.length > 0 ? {} : { etag: hashed.md5.toString('hex') };
  }
  // Encrypted as one segment: the copy is a single-PUT object of the new encryption.
  return {
    etag: sealedEtag(seal.encryption, hashed.md5, seal.dataKey),
    encryption: sealedRecord(seal, salt),
  };
}

function toCopyRecord(
  ctx: LayerContext,
  input: CopyObjectInput,
  source: ObjectRecord,
  copied: CopiedBytes,
  target: BlobTarget,
  storageClass: string,
): ObjectRecord {
  const keep = (input.metadataDirective ?? 'COPY') === 'COPY';
  return {
    bucket: input.bucket,
    key: input.key,
    versionId: target.writeId,
    size: source.size,
    etag: copied.etag ?? source.etag,
    lastModified: ctx.now(),
    headers: keep ? { ...source.headers } : { ...input.headers },
    userMetadata: keep ? { ...source.userMetadata } : { ...input.userMetadata },
    // Same bytes, so the source's checksums (and parts, for the ETag) still hold.
    checksums: { ...source.checksums },
    checksumType: source.checksumType,
    storageClass,
    // Encrypted as one segment, a copy has no parts; otherwise the bytes are the source's.
    parts: copied.encryption === undefined ? source.parts : [],
    copies: [{ backend: target.backend.name, blob: target.blob }],
    ...(copied.encryption === undefined ? {} : { encryption: copied.encryption }),
  };
}
