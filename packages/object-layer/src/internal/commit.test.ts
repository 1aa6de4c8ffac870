import {
  ConditionFailedError,
  MetastoreBusyError,
  MetastoreUnavailableError,
} from '@strata/metastore-core';
import { describe, expect, it } from 'vitest';
import { isDefinitelyRolledBack, mapCommitError } from './commit.js';
import { noSuchBucket } from './s3-errors.js';

const target = { bucket: 'b', key: 'k' };

describe('mapCommitError', () => {
  it('maps failed compare-and-swaps to the S3 answers', () => {
    expect(
      mapCommitError(new ConditionFailedError('exists'), { kind: 'absent' }, target),
    ).toMatchObject({
      code: 'PreconditionFailed',
      extra: { Condition: 'If-None-Match' },
    });
    expect(
      mapCommitError(
        new ConditionFailedError('etag-mismatch'),
        { kind: 'etag', etag: 'e' },
        target,
      ),
    ).toMatchObject({
      code: 'PreconditionFailed',
      extra: { Condition: 'If-Match' },
    });
    expect(
      mapCommitError(new ConditionFailedError('missing'), { kind: 'etag', etag: 'e' }, target),
    ).toMatchObject({
      code: 'NoSuchKey',
    });
  });

  it('a busy metastore is ConditionalRequestConflict only for conditional writes', () => {
    const busy = new MetastoreBusyError();
    expect(mapCommitError(busy, { kind: 'absent' }, target)).toMatchObject({
      code: 'ConditionalRequestConflict',
      status: 409,
    });
    expect(mapCommitError(busy, undefined, target)).toBe(busy);
    const down = new MetastoreUnavailableError();
    expect(mapCommitError(down, { kind: 'absent' }, target)).toBe(down);
  });

  it('knows which commit failures certainly rolled back', () => {
    expect(isDefinitelyRolledBack(new ConditionFailedError('exists'))).toBe(true);
    expect(isDefinitelyRolledBack(new MetastoreBusyError())).toBe(true);
    expect(isDefinitelyRolledBack(noSuchBucket('b'))).toBe(true);
    expect(isDefinitelyRolledBack(new MetastoreUnavailableError())).toBe(false);
    expect(isDefinitelyRolledBack(new Error('connection reset during COMMIT'))).toBe(false);
  });
});
