import { describe, expect, it } from 'vitest';
import { parseOwnershipControls } from './parse-ownership-controls.js';
import { serializeOwnershipControls } from './serialize-ownership-controls.js';

const doc = (rules: string) =>
  `<OwnershipControls xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${rules}</OwnershipControls>`;
const rule = (value: string) => `<Rule><ObjectOwnership>${value}</ObjectOwnership></Rule>`;

describe('parseOwnershipControls', () => {
  it('reads each of S3 values, and round-trips what it serializes', () => {
    for (const value of ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'] as const) {
      expect(parseOwnershipControls(doc(rule(` ${value}\n`)))).toBe(value);
      expect(parseOwnershipControls(serializeOwnershipControls(value))).toBe(value);
    }
    expect(serializeOwnershipControls('ObjectWriter')).toContain(
      '<OwnershipControls xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></OwnershipControls>',
    );
  });

  it('refuses what S3 refuses with MalformedXML', () => {
    for (const xml of [
      doc(''),
      doc(rule('ObjectWriter') + rule('ObjectWriter')),
      doc(rule('objectwriter')),
      doc(rule('')),
      doc('<Rule></Rule>'),
      doc('<Rule>ObjectWriter</Rule>'),
      '<Ownership><Rule><ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></Ownership>',
      'not xml',
    ]) {
      expect(() => parseOwnershipControls(xml), xml).toThrow(
        expect.objectContaining({ code: 'MalformedXML' }),
      );
    }
  });
});
