import type { ObjectRecord } from '@strata/metastore-core';
import { describe, expect, it } from 'vitest';
import {
  etagListMatches,
  evaluateReadConditions,
  normalizeEtag,
  toObjectCondition,
} from './conditions.js';

const record: ObjectRecord = {
  bucket: 'b',
  key: 'k',
  versionId: 'v1',
  size: 1,
  etag: 'abc',
  lastModified: new Date('2024-05-01T12:00:00.750Z'),
  headers: {},
  userMetadata: {},
  checksums: {},
  storageClass: 'STANDARD',
  parts: [],
  copies: [],
};
const before = new Date('2024-04-30T00:00:00Z');
const same = new Date('2024-05-01T12:00:00Z'); // the HTTP-date of lastModified (seconds)
const after = new Date('2024-05-02T00:00:00Z');

describe('evaluateReadConditions', () => {
  it.each([
    ['no conditions', {}, 'ok'],
    ['If-Match matches', { ifMatch: '"abc"' }, 'ok'],
    ['If-Match in a list', { ifMatch: '"x", "abc"' }, 'ok'],
    ['If-Match *', { ifMatch: '*' }, 'ok'],
    ['If-Match differs', { ifMatch: '"zzz"' }, 'precondition-failed'],
    ['If-Unmodified-Since after', { ifUnmodifiedSince: after }, 'ok'],
    ['If-Unmodified-Since same second', { ifUnmodifiedSince: same }, 'ok'],
    ['If-Unmodified-Since before', { ifUnmodifiedSince: before }, 'precondition-failed'],
    [
      'If-Match true + If-Unmodified-Since false (S3: 200)',
      { ifMatch: 'abc', ifUnmodifiedSince: before },
      'ok',
    ],
    [
      'If-Match false + If-Unmodified-Since true',
      { ifMatch: 'zzz', ifUnmodifiedSince: after },
      'precondition-failed',
    ],
    ['If-None-Match matches', { ifNoneMatch: '"abc"' }, 'not-modified'],
    ['If-None-Match *', { ifNoneMatch: '*' }, 'not-modified'],
    ['If-None-Match differs', { ifNoneMatch: '"zzz"' }, 'ok'],
    ['If-Modified-Since before', { ifModifiedSince: before }, 'ok'],
    ['If-Modified-Since same second', { ifModifiedSince: same }, 'not-modified'],
    ['If-Modified-Since after', { ifModifiedSince: after }, 'not-modified'],
    [
      'If-None-Match false + If-Modified-Since true (S3: 304)',
      { ifNoneMatch: 'abc', ifModifiedSince: before },
      'not-modified',
    ],
    [
      'If-None-Match true + If-Modified-Since false (RFC: 200)',
      { ifNoneMatch: 'zzz', ifModifiedSince: after },
      'ok',
    ],
    [
      'If-Match false wins over If-None-Match',
      { ifMatch: 'zzz', ifNoneMatch: 'abc' },
      'precondition-failed',
    ],
    [
      'If-Unmodified-Since false wins over If-Modified-Since',
      { ifUnmodifiedSince: before, ifModifiedSince: after },
      'precondition-failed',
    ],
  ])('%s', (_name, conditions, kind) => {
    expect(evaluateReadConditions(record, conditions).kind).toBe(kind);
  });
});

describe('ETag helpers', () => {
  it('normalizes quotes and weak prefixes', () => {
    expect(normalizeEtag('"abc"')).toBe('abc');
    expect(normalizeEtag('W/"abc"')).toBe('abc');
    expect(normalizeEtag(' abc ')).toBe('abc');
    expect(etagListMatches('"a", W/"abc"', 'abc')).toBe(true);
    expect(etagListMatches('"a", "b"', 'abc')).toBe(false);
  });

  it('maps write conditions to the store compare-and-swap', () => {
    expect(toObjectCondition({ ifNoneMatch: '*' }, undefined)).toEqual({ kind: 'absent' });
    expect(toObjectCondition({ ifMatch: '"abc"' }, record)).toEqual({ kind: 'etag', etag: 'abc' });
    expect(toObjectCondition({ ifMatch: '*' }, record)).toEqual({
      kind: 'version',
      versionId: 'v1',
    });
    expect(toObjectCondition(undefined, record)).toBeUndefined();
  });
});
