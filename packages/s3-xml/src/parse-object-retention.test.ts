import { describe, expect, it } from 'vitest';
import { OBJECT_LOCK_MODES } from './parse-object-lock-configuration.js';
import { parseObjectRetention } from './parse-object-retention.js';
import { serializeObjectRetention } from './serialize-object-retention.js';
import { expectS3Error } from './testing/expect-s3-error.js';
import { parseWithFxp } from './testing/parse-with-fxp.js';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const retention = (inner: string) => `<Retention xmlns="${NS}">${inner}</Retention>`;
const until = (date: string) =>
  retention(`<Mode>GOVERNANCE</Mode><RetainUntilDate>${date}</RetainUntilDate>`);
const Y2030 = new Date(Date.UTC(2030, 0, 1));

describe('parseObjectRetention', () => {
  it('reads Mode and RetainUntilDate in the forms clients send', () => {
    for (const date of [
      '2030-01-01T00:00:00Z',
      '2030-01-01T00:00:00.000Z',
      '2030-01-01T02:00:00+02:00',
      '2029-12-31T19:30:00.000-04:30',
      '2030-01-01T00:00:00.0000001Z',
      '2030-01-01t00:00:00z',
    ]) {
      expect(parseObjectRetention(until(date)), date).toEqual({
        mode: 'GOVERNANCE',
        retainUntilDate: Y2030,
      });
    }
    expect(
      parseObjectRetention(
        `<?xml version="1.0" encoding="UTF-8"?>\n${retention(
          '<RetainUntilDate>2030-06-15T12:34:56.789Z</RetainUntilDate><Mode>COMPLIANCE</Mode>',
        )}`,
      ),
    ).toEqual({ mode: 'COMPLIANCE', retainUntilDate: new Date('2030-06-15T12:34:56.789Z') });
  });

  it('keeps milliseconds exactly, truncating finer fractions', () => {
    expect(parseObjectRetention(until('2030-01-01T00:00:00.57Z')).retainUntilDate?.getTime()).toBe(
      Y2030.getTime() + 570,
    );
    expect(
      parseObjectRetention(until('2030-01-01T00:00:00.9999Z')).retainUntilDate?.getTime(),
    ).toBe(Y2030.getTime() + 999);
  });

  it('reads an empty Retention as {}, a removal the caller decides on', () => {
    expect(parseObjectRetention(retention(''))).toEqual({});
    expect(parseObjectRetention('<Retention/>')).toEqual({});
  });

  it('trims XML whitespace, accepts prefixed names and ignores other elements', () => {
    expect(
      parseObjectRetention(
        `<s3:Retention xmlns:s3="${NS}">\n  <s3:Mode> COMPLIANCE\n</s3:Mode>\n` +
          '  <s3:RetainUntilDate>\t2030-01-01T00:00:00Z\r\n</s3:RetainUntilDate><Other>x</Other>\n</s3:Retention>',
      ),
    ).toEqual({ mode: 'COMPLIANCE', retainUntilDate: Y2030 });
  });

  it('reads dates in the past and years before 100 as written (the caller judges them)', () => {
    expect(parseObjectRetention(until('2000-02-29T00:00:00Z')).retainUntilDate).toEqual(
      new Date('2000-02-29T00:00:00Z'),
    );
    expect(
      parseObjectRetention(until('0099-01-01T00:00:00Z')).retainUntilDate?.getUTCFullYear(),
    ).toBe(99);
  });

  it.each([
    ['not XML', 'GOVERNANCE'],
    ['an empty body', ''],
    ['another root', '<ObjectLockRetention><Mode>GOVERNANCE</Mode></ObjectLockRetention>'],
    ['a Mode without a date', retention('<Mode>GOVERNANCE</Mode>')],
    ['a date without a Mode', retention('<RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate>')],
    [
      'an unknown Mode',
      retention('<Mode>LEGAL</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate>'),
    ],
    [
      'a Mode in the wrong case',
      retention('<Mode>governance</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate>'),
    ],
    ['an empty Mode', retention('<Mode/><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate>')],
    [
      'two Modes',
      retention(
        '<Mode>GOVERNANCE</Mode><Mode>GOVERNANCE</Mode><RetainUntilDate>2030-01-01T00:00:00Z</RetainUntilDate>',
      ),
    ],
    [
      'two dates',
      until('2030-01-01T00:00:00Z</RetainUntilDate><RetainUntilDate>2030-01-01T00:00:00Z'),
    ],
    ['an empty date', until('')],
    ['a date without a time', until('2030-01-01')],
    ['a date without an offset', until('2030-01-01T00:00:00')],
    ['an offset without a colon', until('2030-01-01T00:00:00+0200')],
    ['an HTTP date', until('Tue, 01 Jan 2030 00:00:00 GMT')],
    ['epoch seconds', until('1893456000')],
    ['a day that does not exist', until('2030-02-30T00:00:00Z')],
    ['February 29 of a common year', until('2100-02-29T00:00:00Z')],
    ['month 13', until('2030-13-01T00:00:00Z')],
    ['day 0', until('2030-01-00T00:00:00Z')],
    ['hour 24', until('2030-01-01T24:00:00Z')],
    ['minute 60', until('2030-01-01T00:60:00Z')],
    ['a leap second', until('2030-06-30T23:59:60Z')],
    ['an offset of 24 hours', until('2030-01-01T00:00:00+24:00')],
    ['a five-digit year', until('12030-01-01T00:00:00Z')],
    ['a trailing dot', until('2030-01-01T00:00:00.Z')],
    ['a space for T', until('2030-01-01 00:00:00Z')],
    ['non-ASCII digits', until('２０３０-01-01T00:00:00Z')],
    ['a date with child elements', until('<d>2030-01-01T00:00:00Z</d>')],
    ['text in the root', retention('x')],
    ['a DOCTYPE', `<!DOCTYPE x [<!ENTITY e "GOVERNANCE">]>${retention('<Mode>&e;</Mode>')}`],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expectS3Error(() => parseObjectRetention(xml), 'MalformedXML');
  });
});

describe('serializeObjectRetention', () => {
  it('writes Mode and RetainUntilDate in UTC with milliseconds', () => {
    expect(serializeObjectRetention({ mode: 'COMPLIANCE', retainUntilDate: Y2030 })).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Retention xmlns="${NS}"><Mode>COMPLIANCE</Mode>` +
        '<RetainUntilDate>2030-01-01T00:00:00.000Z</RetainUntilDate></Retention>',
    );
    expect(
      parseWithFxp(serializeObjectRetention({ mode: 'GOVERNANCE', retainUntilDate: Y2030 }))
        .Retention,
    ).toEqual({ '@xmlns': NS, Mode: 'GOVERNANCE', RetainUntilDate: '2030-01-01T00:00:00.000Z' });
  });

  it('round-trips through the parser', () => {
    for (const mode of OBJECT_LOCK_MODES) {
      for (const retainUntilDate of [Y2030, new Date('2099-12-31T23:59:59.999Z')]) {
        expect(parseObjectRetention(serializeObjectRetention({ mode, retainUntilDate }))).toEqual({
          mode,
          retainUntilDate,
        });
      }
    }
  });

  it('throws RangeError for an invalid Date', () => {
    expect(() =>
      serializeObjectRetention({ mode: 'GOVERNANCE', retainUntilDate: new Date(Number.NaN) }),
    ).toThrow(RangeError);
  });
});
