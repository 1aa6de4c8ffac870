import { S3Error } from '@strata/s3-xml';

/** The object named by `x-amz-copy-source`. */
export interface CopySource {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string | undefined;
}

/**
 * Parses `x-amz-copy-source` (`bucket/key`, `/bucket/key`, optionally `?versionId=…`), whose key
 * is URL-encoded.
 */
export function parseCopySource(header: string): CopySource {
  let value = header.startsWith('/') ? header.slice(1) : header;
  let versionId: string | undefined;
  const q = value.indexOf('?');
  if (q !== -1) {
    versionId = new URLSearchParams(value.slice(q + 1)).get('versionId') ?? undefined;
    value = value.slice(0, q);
  }
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1) throw invalid();
  try {
    return {
      bucket: decodeURIComponent(value.slice(0, slash)),
      key: decodeURIComponent(value.slice(slash + 1)),
      versionId,
    };
  } catch {
    throw invalid();
  }
}

function invalid(): S3Error {
  return new S3Error('InvalidArgument', {
    message: 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
    extra: { ArgumentName: 'x-amz-copy-source' },
  });
}

/** Parses `x-amz-copy-source-range: bytes=first-last` (both bounds required). */
export function parseCopySourceRange(
  header: string | undefined,
): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  // Only OWS (space, tab) surrounds a field value (RFC 9110 §5.5), not U+00A0 and the other
  // spaces `String#trim` drops; the bounds are compared as BigInt because `Number` rounds past
  // 2^53 (`bytes=9007199254740993-9007199254740992` read as first = last). Both found by
  // copy-source.fuzz.test.ts.
  const match = /^bytes=(\d+)-(\d+)$/.exec(header.replace(/^[ \t]+|[ \t]+$/g, ''));
  if (!match || BigInt(match[1]!) > BigInt(match[2]!)) {
    throw new S3Error('InvalidArgument', {
      message:
        'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      extra: { ArgumentName: 'x-amz-copy-source-range', ArgumentValue: header },
    });
  }
  return { start: Number(match[1]), end: Number(match[2]) };
}
