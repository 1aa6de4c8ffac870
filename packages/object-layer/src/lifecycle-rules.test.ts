import { describe, expect, it } from 'vitest';
import {
  isS3Error,
  parseLifecycleConfiguration,
  serializeLifecycleConfiguration,
} from '@strata/s3-xml';
import { MAX_LIFECYCLE_RULES, toLifecycleRules } from './lifecycle-rules.js';

/** A body of `rules`, each already XML. */
const doc = (...rules: string[]) =>
  `<LifecycleConfiguration>${rules.map((r) => `<Rule>${r}</Rule>`).join('')}</LifecycleConfiguration>`;

/** Parses and checks a body, with IDs made by a counter so that results are predictable. */
function check(xml: string) {
  let n = 0;
  return toLifecycleRules(parseLifecycleConfiguration(xml), { randomId: () => `gen-${++n}` });
}

/** Asserts that `fn` throws the S3Error `code`, with `status` and `message`. */
function expectError(fn: () => unknown, code: string, status: number, message: string) {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(isS3Error(thrown), String(thrown)).toBe(true);
  expect(thrown).toMatchObject({ code, status, message });
  return thrown;
}

const MALFORMED =
  'The XML you provided was not well-formed or did not validate against our published schema';
const expire = '<Expiration><Days>1</Days></Expiration>';
const enabled = '<Status>Enabled</Status>';

describe('toLifecycleRules', () => {
  it('converts every element of a valid document, keeping the filter forms', () => {
    const rules = check(
      doc(
        `<ID>logs</ID><Filter><Prefix>logs/</Prefix></Filter>${enabled}` +
          '<Expiration><Days>30</Days></Expiration>' +
          '<NoncurrentVersionExpiration><NoncurrentDays>7</NoncurrentDays>' +
          '<NewerNoncurrentVersions>100</NewerNoncurrentVersions></NoncurrentVersionExpiration>' +
          '<AbortIncompleteMultipartUpload><DaysAfterInitiation>2</DaysAfterInitiation>' +
          '</AbortIncompleteMultipartUpload>',
        '<ID>tagged</ID><Filter><And><Prefix>a/</Prefix><Tag><Key>k1</Key><Value>v1</Value></Tag>' +
          '<Tag><Key>k2</Key></Tag><ObjectSizeGreaterThan>0</ObjectSizeGreaterThan>' +
          '<ObjectSizeLessThan>1099511627776000</ObjectSizeLessThan></And></Filter>' +
          '<Status>Disabled</Status><Expiration><Date>2030-06-01T00:00:00Z</Date></Expiration>',
        `<Filter/>${enabled}<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>`,
      ),
    );
    expect(rules).toEqual([
      {
        id: 'logs',
        status: 'Enabled',
        filter: { form: 'filter', prefix: 'logs/' },
        expiration: { days: 30 },
        noncurrentVersionExpiration: { noncurrentDays: 7, newerNoncurrentVersions: 100 },
        abortIncompleteMultipartUploadDays: 2,
      },
      {
        id: 'tagged',
        status: 'Disabled',
        filter: {
          form: 'and',
          prefix: 'a/',
          tags: { k1: 'v1', k2: '' },
          objectSizeGreaterThan: 0,
          objectSizeLessThan: 1_099_511_627_776_000,
        },
        expiration: { date: '2030-06-01T00:00:00.000Z' },
      },
      {
        id: 'gen-1',
        status: 'Enabled',
        filter: { form: 'filter' },
        expiration: { expiredObjectDeleteMarker: true },
      },
    ]);
  });

  it.each([
    ['2030-06-01T00:00:00Z', '2030-06-01T00:00:00.000Z'],
    ['2030-06-01T00:00:00.000Z', '2030-06-01T00:00:00.000Z'],
    ['2030-06-01T00:00:00', '2030-06-01T00:00:00.000Z'],
    ['2030-06-01T02:00:00+02:00', '2030-06-01T00:00:00.000Z'],
    ['2030-05-31T20:00:00-04:00', '2030-06-01T00:00:00.000Z'],
  ])('stores the Date %s as %s', (given, stored) => {
    const [rule] = check(doc(`<Filter/>${enabled}<Expiration><Date>${given}</Date></Expiration>`));
    expect(rule?.expiration).toEqual({ date: stored });
  });

  it('gives each rule without an ID one no rule has, 20+ random characters by default', () => {
    const body = doc(
      `<ID>gen-1</ID><Filter/>${enabled}${expire}`,
      `<Filter/>${enabled}${expire}`,
      `<ID></ID><Filter/>${enabled}${expire}`,
    );
    expect(check(body).map((r) => r.id)).toEqual(['gen-1', 'gen-2', 'gen-3']);
    const [a, b] = toLifecycleRules(
      parseLifecycleConfiguration(
        doc(`<Filter/>${enabled}${expire}`, `<Filter/>${enabled}${expire}`),
      ),
    );
    expect(a?.id).toMatch(/^[A-Z2-7]{26}$/);
    expect(b?.id).toMatch(/^[A-Z2-7]{26}$/);
    expect(a?.id).not.toBe(b?.id);
  });

  it('accepts the limits themselves', () => {
    const id = 'x'.repeat(255);
    const rules = check(
      doc(
        `<ID>${id}</ID><Filter><And><Tag><Key>${'k'.repeat(128)}</Key><Value>${'v'.repeat(256)}</Value></Tag>` +
          `<Prefix></Prefix></And></Filter>${enabled}${expire}`,
      ),
    );
    expect(rules[0]?.id).toBe(id);
    const many = Array.from({ length: MAX_LIFECYCLE_RULES }, () => `<Filter/>${enabled}${expire}`);
    expect(check(doc(...many))).toHaveLength(MAX_LIFECYCLE_RULES);
  });

  it('stores ExpiredObjectDeleteMarker false beside another action', () => {
    const [rule] = check(
      doc(
        `<Filter/>${enabled}<Expiration><ExpiredObjectDeleteMarker>false</ExpiredObjectDeleteMarker></Expiration>` +
          '<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays></NoncurrentVersionExpiration>',
      ),
    );
    expect(rule?.expiration).toEqual({ expiredObjectDeleteMarker: false });
  });

  it('accepts a legacy document: rule-level prefixes only, no V2 elements', () => {
    expect(
      check(
        doc(
          `<ID>a</ID><Prefix>a/</Prefix>${enabled}${expire}`,
          `<ID>b</ID><Prefix/>${enabled}${expire}`,
        ),
      ),
    ).toEqual([
      {
        id: 'a',
        status: 'Enabled',
        filter: { form: 'rule-prefix', prefix: 'a/' },
        expiration: { days: 1 },
      },
      {
        id: 'b',
        status: 'Enabled',
        filter: { form: 'rule-prefix', prefix: '' },
        expiration: { days: 1 },
      },
    ]);
  });

  it.each([
    ['an empty filter', '<Filter></Filter>'],
    ['a filter prefix', '<Filter><Prefix>a &amp; b/</Prefix></Filter>'],
    ['a filter tag', '<Filter><Tag><Key>k</Key><Value>&lt;v&gt;</Value></Tag></Filter>'],
    ['a lower size bound', '<Filter><ObjectSizeGreaterThan>10</ObjectSizeGreaterThan></Filter>'],
    ['an upper size bound', '<Filter><ObjectSizeLessThan>10</ObjectSizeLessThan></Filter>'],
    ['an And of one condition', '<Filter><And><Prefix>x</Prefix></And></Filter>'],
    [
      'an And of everything',
      '<Filter><And><Prefix>x</Prefix><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>b</Key><Value>2</Value></Tag>' +
        '<ObjectSizeGreaterThan>1</ObjectSizeGreaterThan><ObjectSizeLessThan>9</ObjectSizeLessThan></And></Filter>',
    ],
  ])('round-trips %s through parse, check, serialize, parse, check', (_name, filter) => {
    const body = doc(
      `<ID>r1</ID>${filter}${enabled}<Expiration><Days>5</Days></Expiration>` +
        '<NoncurrentVersionExpiration><NoncurrentDays>3</NoncurrentDays><NewerNoncurrentVersions>4</NewerNoncurrentVersions></NoncurrentVersionExpiration>',
      `<ID>r2</ID><Filter/><Status>Disabled</Status><Expiration><Date>2031-01-01T00:00:00Z</Date></Expiration>` +
        '<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>',
      `<ID>r3</ID><Filter/>${enabled}<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>`,
    );
    const stored = check(body);
    expect(check(serializeLifecycleConfiguration(stored))).toEqual(stored);
  });

  it('round-trips a legacy document', () => {
    const stored = check(
      doc(
        `<ID>a</ID><Prefix>logs/</Prefix>${enabled}<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>` +
          '<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload>',
      ),
    );
    const xml = serializeLifecycleConfiguration(stored);
    expect(xml).toContain('<ID>a</ID><Prefix>logs/</Prefix><Status>Enabled</Status>');
    expect(check(xml)).toEqual(stored);
  });

  const ok = `<Filter/>${enabled}`;
  it.each([
    ['a Status other than Enabled or Disabled', doc(`<Filter/><Status>enabled</Status>${expire}`)],
    ['neither Filter nor Prefix', doc(`${enabled}${expire}`)],
    ['both Filter and Prefix', doc(`<Filter/><Prefix>a</Prefix>${enabled}${expire}`)],
    ['an empty Expiration', doc(`${ok}<Expiration/>`)],
    [
      'Days with Date',
      doc(`${ok}<Expiration><Days>1</Days><Date>2030-01-01T00:00:00Z</Date></Expiration>`),
    ],
    [
      'Days with ExpiredObjectDeleteMarker',
      doc(
        `${ok}<Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>`,
      ),
    ],
    [
      'Date with ExpiredObjectDeleteMarker false',
      doc(
        `${ok}<Expiration><Date>2030-01-01T00:00:00Z</Date><ExpiredObjectDeleteMarker>false</ExpiredObjectDeleteMarker></Expiration>`,
      ),
    ],
    ['a Date that is not a date-time', doc(`${ok}<Expiration><Date>tomorrow</Date></Expiration>`)],
    ['a Date without a time', doc(`${ok}<Expiration><Date>2030-01-01</Date></Expiration>`)],
    [
      'a Date that does not exist',
      doc(`${ok}<Expiration><Date>2030-02-30T00:00:00Z</Date></Expiration>`),
    ],
  ])('answers %s with MalformedXML', (_name, xml) => {
    expectError(() => check(xml), 'MalformedXML', 400, MALFORMED);
  });

  it.each([
    [
      'an Expiration Days of 0',
      '<Expiration><Days>0</Days></Expiration>',
      "'Days' for Expiration action must be a positive integer",
      'Days',
      '0',
    ],
    [
      'a negative Expiration Days',
      '<Expiration><Days>-1</Days></Expiration>',
      "'Days' for Expiration action must be a positive integer",
      'Days',
      '-1',
    ],
    [
      'a Date at noon',
      '<Expiration><Date>2030-01-01T12:00:00Z</Date></Expiration>',
      "'Date' must be at midnight GMT",
      'Date',
      '2030-01-01T12:00:00Z',
    ],
    [
      'a Date at local midnight',
      '<Expiration><Date>2030-01-01T00:00:00+01:00</Date></Expiration>',
      "'Date' must be at midnight GMT",
      'Date',
      '2030-01-01T00:00:00+01:00',
    ],
    [
      'a Date a millisecond past midnight',
      '<Expiration><Date>2030-01-01T00:00:00.001Z</Date></Expiration>',
      "'Date' must be at midnight GMT",
      'Date',
      '2030-01-01T00:00:00.001Z',
    ],
    [
      'a NoncurrentDays of 0',
      '<NoncurrentVersionExpiration><NoncurrentDays>0</NoncurrentDays></NoncurrentVersionExpiration>',
      "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer",
      'NoncurrentDays',
      '0',
    ],
    [
      'a NewerNoncurrentVersions of 0',
      '<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays><NewerNoncurrentVersions>0</NewerNoncurrentVersions></NoncurrentVersionExpiration>',
      "'NewerNoncurrentVersions' for NoncurrentVersionExpiration action must be a positive integer",
      'NewerNoncurrentVersions',
      '0',
    ],
    [
      'a NewerNoncurrentVersions of 101',
      '<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays><NewerNoncurrentVersions>101</NewerNoncurrentVersions></NoncurrentVersionExpiration>',
      "'NewerNoncurrentVersions' for NoncurrentVersionExpiration action must not exceed 100",
      'NewerNoncurrentVersions',
      '101',
    ],
    [
      'a DaysAfterInitiation of 0',
      '<AbortIncompleteMultipartUpload><DaysAfterInitiation>0</DaysAfterInitiation></AbortIncompleteMultipartUpload>',
      "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer",
      'DaysAfterInitiation',
      '0',
    ],
  ])('answers %s with InvalidArgument', (_name, action, message, argumentName, argumentValue) => {
    const err = expectError(() => check(doc(`${ok}${action}`)), 'InvalidArgument', 400, message);
    expect(err).toMatchObject({
      extra: { ArgumentName: argumentName, ArgumentValue: argumentValue },
    });
  });

  it('answers an ID too long or repeated with InvalidArgument naming it', () => {
    const long = 'i'.repeat(256);
    const tooLong = expectError(
      () => check(doc(`<ID>${long}</ID>${ok}${expire}`)),
      'InvalidArgument',
      400,
      'ID length should not exceed allowed limit of 255',
    );
    expect(tooLong).toMatchObject({ extra: { ArgumentName: 'ID', ArgumentValue: long } });
    const twice = expectError(
      () =>
        check(
          doc(`<ID>a</ID>${ok}${expire}`, `<ID>b</ID>${ok}${expire}`, `<ID>a</ID>${ok}${expire}`),
        ),
      'InvalidArgument',
      400,
      'Rule ID must be unique. Found same ID for more than one rule',
    );
    expect(twice).toMatchObject({ extra: { ArgumentName: 'ID', ArgumentValue: 'a' } });
  });

  const tag = (key: string, value = 'v') => `<Tag><Key>${key}</Key><Value>${value}</Value></Tag>`;
  it.each([
    [
      'more than 1000 rules',
      doc(...Array.from({ length: 1001 }, () => `${ok}${expire}`)),
      'The number of lifecycle rules must not exceed the allowed limit of 1000 rules.',
    ],
    ['a rule without an action', doc(ok), 'At least one action needs to be specified in a rule'],
    [
      'a rule whose only action is ExpiredObjectDeleteMarker false',
      doc(
        `${ok}<Expiration><ExpiredObjectDeleteMarker>false</ExpiredObjectDeleteMarker></Expiration>`,
      ),
      'At least one action needs to be specified in a rule',
    ],
    [
      'a legacy rule after a V2 rule',
      doc(`${ok}${expire}`, `<Prefix>a</Prefix>${enabled}${expire}`),
      'Base level prefix cannot be used in Lifecycle V2, prefixes are only supported in the Filter.',
    ],
    [
      'a V2 rule after a legacy rule',
      doc(`<Prefix>a</Prefix>${enabled}${expire}`, `${ok}${expire}`),
      'Filter element can only be used in Lifecycle V2.',
    ],
    [
      'NewerNoncurrentVersions in a legacy rule',
      doc(
        `<Prefix>a</Prefix>${enabled}<NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays>` +
          '<NewerNoncurrentVersions>2</NewerNoncurrentVersions></NoncurrentVersionExpiration>',
      ),
      'NewerNoncurrentVersions element can only be used in Lifecycle V2.',
    ],
    [
      'duplicate tag keys',
      doc(`<Filter><And>${tag('k', '1')}${tag('k', '2')}</And></Filter>${enabled}${expire}`),
      'Duplicate Tag Keys are not allowed.',
    ],
    [
      'an empty tag key',
      doc(`<Filter>${tag('')}</Filter>${enabled}${expire}`),
      "A Tag's Key must be a length between 1 and 128.",
    ],
    [
      'a tag key of 129',
      doc(`<Filter>${tag('k'.repeat(129))}</Filter>${enabled}${expire}`),
      "A Tag's Key must be a length between 1 and 128.",
    ],
    [
      'a tag value of 257',
      doc(`<Filter>${tag('k', 'v'.repeat(257))}</Filter>${enabled}${expire}`),
      "A Tag's Value must be a length between 0 and 256.",
    ],
    [
      'a negative ObjectSizeGreaterThan',
      doc(`<Filter><ObjectSizeGreaterThan>-1</ObjectSizeGreaterThan></Filter>${enabled}${expire}`),
      "'ObjectSizeGreaterThan' should be between 0 and 1099511627776000.",
    ],
    [
      'an ObjectSizeGreaterThan over 1000 TiB',
      doc(
        `<Filter><ObjectSizeGreaterThan>1099511627776001</ObjectSizeGreaterThan></Filter>${enabled}${expire}`,
      ),
      "'ObjectSizeGreaterThan' should be between 0 and 1099511627776000.",
    ],
    [
      'an ObjectSizeLessThan of 0',
      doc(`<Filter><ObjectSizeLessThan>0</ObjectSizeLessThan></Filter>${enabled}${expire}`),
      "'ObjectSizeLessThan' should be between 1 and 1099511627776000.",
    ],
    [
      'an empty size range',
      doc(
        '<Filter><And><ObjectSizeGreaterThan>10</ObjectSizeGreaterThan><ObjectSizeLessThan>10</ObjectSizeLessThan></And></Filter>' +
          `${enabled}${expire}`,
      ),
      "'ObjectSizeLessThan' has to be a value greater than 'ObjectSizeGreaterThan'.",
    ],
    [
      'ExpiredObjectDeleteMarker with a tag filter',
      doc(
        `<Filter>${tag('k')}</Filter>${enabled}<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>`,
      ),
      'ExpiredObjectDeleteMarker cannot be specified with Tags.',
    ],
    [
      'ExpiredObjectDeleteMarker with a size filter',
      doc(
        '<Filter><And><Prefix>p</Prefix><ObjectSizeLessThan>5</ObjectSizeLessThan></And></Filter>' +
          `${enabled}<Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>`,
      ),
      'ExpiredObjectDeleteMarker cannot be specified with Object Size.',
    ],
    [
      'AbortIncompleteMultipartUpload with a tag filter',
      doc(
        `<Filter><And><Prefix>p</Prefix>${tag('k')}</And></Filter>${enabled}` +
          '<AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>',
      ),
      'AbortIncompleteMultipartUpload cannot be specified with Tags.',
    ],
    [
      'AbortIncompleteMultipartUpload with a size filter',
      doc(
        `<Filter><ObjectSizeGreaterThan>1000</ObjectSizeGreaterThan></Filter>${enabled}` +
          '<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload>',
      ),
      'AbortIncompleteMultipartUpload cannot be specified with Object Size.',
    ],
  ])('answers %s with InvalidRequest', (_name, xml, message) => {
    expectError(() => check(xml), 'InvalidRequest', 400, message);
  });

  const notImplemented =
    'Lifecycle transitions are not supported: storage classes are not mapped to backends';
  it.each([
    [
      'a Transition',
      '<Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition>',
    ],
    [
      'a dated Transition',
      '<Transition><Date>2030-01-01T00:00:00Z</Date><StorageClass>GLACIER</StorageClass></Transition>',
    ],
    [
      'a NoncurrentVersionTransition',
      '<NoncurrentVersionTransition><NoncurrentDays>30</NoncurrentDays><StorageClass>STANDARD_IA</StorageClass></NoncurrentVersionTransition>',
    ],
    [
      'a Transition beside an expiration',
      `${expire}<Transition><Days>0</Days><StorageClass>GLACIER</StorageClass></Transition>`,
    ],
  ])('refuses %s as NotImplemented rather than dropping it', (_name, action) => {
    expectError(
      () => check(doc(`${ok}${expire}`, `${ok}${action}`)),
      'NotImplemented',
      501,
      notImplemented,
    );
  });

  it('reports a fault S3 finds first before refusing a transition', () => {
    expectError(
      () =>
        check(
          doc(
            `${ok}<Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition><Expiration><Days>0</Days></Expiration>`,
          ),
        ),
      'InvalidArgument',
      400,
      "'Days' for Expiration action must be a positive integer",
    );
  });
});
