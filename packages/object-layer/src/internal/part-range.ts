import type { ByteRange } from '@strata/backend-pool';
import type { ObjectRecord } from '@strata/metastore-core';
import { S3Error } from '@strata/s3-xml';

/** The byte range of one part of an object, and the object's part count. */
export interface PartSelection {
  readonly range?: ByteRange | undefined;
  readonly partsCount?: number | undefined;
}

function invalidPartNumber(partNumber: number, partsCount: number): S3Error {
  return new S3Error('InvalidPartNumber', {
    message: 'The requested partnumber is not satisfiable',
    extra: { PartNumberRequested: String(partNumber), ActualPartCount: String(partsCount) },
  });
}

/**
 * Resolves `?partNumber=N` (1-based position in the completed object, so clients can fetch parts
 * 1..partsCount in turn). A single-PUT object has one part: N = 1 selects it whole.
 *
 * @throws S3Error InvalidPartNumber (416) past the last part.
 */
export function resolvePart(record: ObjectRecord, partNumber: number): PartSelection {
  if (record.parts.length === 0) {
    if (partNumber !== 1) throw invalidPartNumber(partNumber, 1);
    return { range: record.size > 0 ? { start: 0, end: record.size - 1 } : undefined };
  }
  const part = record.parts[partNumber - 1];
  if (!part) throw invalidPartNumber(partNumber, record.parts.length);
  let start = 0;
  for (let i = 0; i < partNumber - 1; i++) start += record.parts[i]!.size;
  const partsCount = record.parts.length;
  // An empty part (only possible as the last, or only, one) has no byte range to serve.
  if (part.size === 0) return { range: undefined, partsCount };
  return { range: { start, end: start + part.size - 1 }, partsCount };
}
