import { describe, expect, it } from 'vitest';
import { parseCreateBucketConfiguration } from './parse-create-bucket-configuration.js';
import { expectS3Error } from './testing/expect-s3-error.js';

const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

describe('parseCreateBucketConfiguration', () => {
  it('reads LocationConstraint', () => {
    expect(
      parseCreateBucketConfiguration(
        `<?xml version="1.0" encoding="UTF-8"?>\n<CreateBucketConfiguration ${NS}>\n  <LocationConstraint> eu-west-1 </LocationConstraint>\n</CreateBucketConfiguration>`,
      ),
    ).toEqual({ locationConstraint: 'eu-west-1' });
  });

  it('treats an empty body, an empty root or an empty constraint as no region', () => {
    expect(parseCreateBucketConfiguration('')).toEqual({});
    expect(parseCreateBucketConfiguration(' \n\t')).toEqual({});
    expect(parseCreateBucketConfiguration(`<CreateBucketConfiguration ${NS}/>`)).toEqual({});
    expect(
      parseCreateBucketConfiguration(
        '<CreateBucketConfiguration><LocationConstraint></LocationConstraint></CreateBucketConfiguration>',
      ),
    ).toEqual({});
  });

  it('ignores other elements', () => {
    expect(
      parseCreateBucketConfiguration(
        '<CreateBucketConfiguration><Location><Type>AvailabilityZone</Type></Location>' +
          '<LocationConstraint>ap-south-1</LocationConstraint></CreateBucketConfiguration>',
      ),
    ).toEqual({ locationConstraint: 'ap-south-1' });
  });

  it.each([
    ['garbage', 'not xml'],
    [
      'wrong root',
      '<BucketConfiguration><LocationConstraint>x</LocationConstraint></BucketConfiguration>',
    ],
    [
      'two constraints',
      '<CreateBucketConfiguration><LocationConstraint>a</LocationConstraint><LocationConstraint>b</LocationConstraint></CreateBucketConfiguration>',
    ],
    [
      'nested element in constraint',
      '<CreateBucketConfiguration><LocationConstraint><x/></LocationConstraint></CreateBucketConfiguration>',
    ],
    ['unclosed', '<CreateBucketConfiguration><LocationConstraint>a</LocationConstraint>'],
    ['doctype', '<!DOCTYPE c SYSTEM "http://example.invalid/x.dtd"><CreateBucketConfiguration/>'],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expectS3Error(() => parseCreateBucketConfiguration(xml), 'MalformedXML');
  });
});
