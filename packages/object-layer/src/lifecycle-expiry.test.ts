import { describe, expect, it } from 'vitest';
import type { LifecycleRule } from '@strata/metastore-core';
import {
  abortDateOf,
  expirationHeader,
  expiryOf,
  lifecycleDueDate,
  matchesLifecycleFilter,
} from './lifecycle-expiry.js';

const rule = (partial: Partial<LifecycleRule>): LifecycleRule => ({
  id: 'r',
  status: 'Enabled',
  filter: { form: 'filter' },
  ...partial,
});

describe('lifecycleDueDate', () => {
  it('rounds to the next midnight UTC after the days, as S3 documents', () => {
    // S3's example: created 2014-01-15 10:30 UTC, 3 days → 2014-01-19 00:00 UTC.
    expect(lifecycleDueDate(new Date('2014-01-15T10:30:00Z'), 3).toISOString()).toBe(
      '2014-01-19T00:00:00.000Z',
    );
    expect(lifecycleDueDate(new Date('2014-01-15T00:00:00Z'), 1).toISOString()).toBe(
      '2014-01-17T00:00:00.000Z',
    );
  });

  it('counts in a shortened day when given one', () => {
    expect(lifecycleDueDate(new Date(10_500), 2, 1000).getTime()).toBe(13_000);
  });
});

describe('matchesLifecycleFilter', () => {
  const object = { key: 'logs/2026/a.gz', size: 100, tags: { tier: 'cold', team: 'x' } };
  it('needs the prefix, every tag and the strict size bounds', () => {
    expect(matchesLifecycleFilter({ form: 'filter' }, object)).toBe(true);
    expect(matchesLifecycleFilter({ form: 'filter', prefix: 'logs/' }, object)).toBe(true);
    expect(matchesLifecycleFilter({ form: 'filter', prefix: 'data/' }, object)).toBe(false);
    expect(
      matchesLifecycleFilter({ form: 'and', prefix: 'logs/', tags: { tier: 'cold' } }, object),
    ).toBe(true);
    expect(matchesLifecycleFilter({ form: 'and', tags: { tier: 'cold', team: 'y' } }, object)).toBe(
      false,
    );
    expect(matchesLifecycleFilter({ form: 'filter', objectSizeGreaterThan: 99 }, object)).toBe(
      true,
    );
    expect(matchesLifecycleFilter({ form: 'filter', objectSizeGreaterThan: 100 }, object)).toBe(
      false,
    );
    expect(matchesLifecycleFilter({ form: 'filter', objectSizeLessThan: 100 }, object)).toBe(false);
    expect(matchesLifecycleFilter({ form: 'filter', objectSizeLessThan: 101 }, object)).toBe(true);
  });

  it('matches a delete marker (no size, no tags) by prefix only', () => {
    const marker = { key: 'logs/a' };
    expect(matchesLifecycleFilter({ form: 'filter', prefix: 'logs/' }, marker)).toBe(true);
    expect(matchesLifecycleFilter({ form: 'filter', tags: { a: 'b' } }, marker)).toBe(false);
    expect(matchesLifecycleFilter({ form: 'filter', objectSizeLessThan: 10 }, marker)).toBe(false);
  });
});

describe('expiryOf', () => {
  const version = { key: 'logs/a', size: 5, lastModified: new Date('2026-03-01T12:00:00Z') };
  it('takes the earliest expiration of the enabled rules that match', () => {
    const rules = [
      rule({ id: 'late', expiration: { days: 30 } }),
      rule({ id: 'soon', filter: { form: 'filter', prefix: 'logs/' }, expiration: { days: 2 } }),
      rule({ id: 'off', status: 'Disabled', expiration: { days: 1 } }),
      rule({ id: 'other', filter: { form: 'filter', prefix: 'x/' }, expiration: { days: 1 } }),
      rule({ id: 'markers', expiration: { expiredObjectDeleteMarker: true } }),
      rule({ id: 'noncurrent', noncurrentVersionExpiration: { noncurrentDays: 1 } }),
    ];
    expect(expiryOf(rules, version)).toEqual({
      date: new Date('2026-03-04T00:00:00Z'),
      ruleId: 'soon',
    });
    const dated = [
      ...rules,
      rule({ id: 'date', expiration: { date: '2026-03-02T00:00:00.000Z' } }),
    ];
    expect(expiryOf(dated, version)?.ruleId).toBe('date');
    expect(expiryOf(rules.slice(2), version)).toBeUndefined();
  });

  it('formats x-amz-expiration as S3 does, the rule id URL-encoded', () => {
    expect(
      expirationHeader({ date: new Date('2012-12-23T00:00:00Z'), ruleId: 'picture deletion/1' }),
    ).toBe('expiry-date="Sun, 23 Dec 2012 00:00:00 GMT", rule-id="picture%20deletion%2F1"');
  });
});

describe('abortDateOf', () => {
  it('takes the earliest abort rule covering the key, ignoring others', () => {
    const initiated = new Date('2026-03-01T12:00:00Z');
    const rules = [
      rule({ id: 'all', abortIncompleteMultipartUploadDays: 7 }),
      rule({
        id: 'tmp',
        filter: { form: 'filter', prefix: 'tmp/' },
        abortIncompleteMultipartUploadDays: 1,
      }),
      rule({ id: 'off', status: 'Disabled', abortIncompleteMultipartUploadDays: 0.5 }),
      rule({ id: 'expire', expiration: { days: 1 } }),
    ];
    expect(abortDateOf(rules, 'tmp/x', initiated)).toEqual({
      date: new Date('2026-03-03T00:00:00Z'),
      ruleId: 'tmp',
    });
    expect(abortDateOf(rules, 'data/x', initiated)?.ruleId).toBe('all');
    expect(abortDateOf(rules.slice(2), 'tmp/x', initiated)).toBeUndefined();
  });
});
