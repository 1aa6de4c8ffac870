import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OBJECT_LOCK_MODES } from './parse-object-lock-configuration.js';
import { parseObjectRetention, type ObjectRetentionXml } from './parse-object-retention.js';
import { serializeObjectRetention } from './serialize-object-retention.js';
import {
  anyString,
  elementText,
  encodedText,
  fuzzRuns,
  hugeInput,
  hugeRuns,
  mutated,
  parseOrS3Error,
  prolog,
  wrapElement,
  xmlSpace,
  xmlishString,
  type Outcome,
} from './testing/xml-fuzz.js';

const NAMES = ['Retention', 'Mode', 'RetainUntilDate'];
const numRuns = fuzzRuns(300);

/** Instants whose ISO form has a four-digit year, the only years a timestamp may carry. */
const instant = fc.date({
  min: new Date('0000-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});

/** A date as sent: its text, and the instant it names (undefined when it is not a timestamp). */
interface SentDate {
  text: string;
  instant: Date | undefined;
}

/** An offset as a client writes it: `Z`, or `+HH:MM` / `-HH:MM` for `minutes` east of UTC. */
function zone(minutes: number): string {
  if (minutes === 0) return 'Z';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** An RFC 3339 timestamp a client may write: with or without milliseconds, any offset, any case. */
const validDate: fc.Arbitrary<SentDate> = fc
  .tuple(
    // A day inside the four-digit years, so that the local time of any offset has one too.
    fc.date({
      min: new Date('0001-01-01T00:00:00.000Z'),
      max: new Date('9998-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    }),
    fc.boolean(),
    fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
    fc.constantFrom('', '0', '0000'),
    fc.boolean(),
  )
  .map(([date, millis, offset, extraDigits, lower]) => {
    const local = new Date(date.getTime() + offset * 60_000).toISOString();
    const text = (millis ? local.slice(0, 23) + extraDigits : local.slice(0, 19)) + zone(offset);
    return {
      text: lower ? text.toLowerCase() : text,
      // Without milliseconds the timestamp names the start of the second.
      instant: millis ? date : new Date(Math.floor(date.getTime() / 1000) * 1000),
    };
  });

/** Text that is not a timestamp: near misses and anything short (no timestamp fits in 12 chars). */
const invalidDate: fc.Arbitrary<SentDate> = fc
  .oneof(
    fc.constantFrom(
      '2030-02-30T00:00:00Z',
      '2030-01-01T00:00:00',
      '2030-01-01',
      '2030-01-01T24:00:00Z',
      '2030-06-30T23:59:60Z',
      '2030-01-01T00:00:00+0200',
      '2030-01-01 00:00:00Z',
      'Tue, 01 Jan 2030 00:00:00 GMT',
    ),
    elementText({ maxLength: 12 }),
  )
  .map((text) => ({ text, instant: undefined }));

interface Sent {
  mode: string | undefined;
  date: SentDate | undefined;
}

const sent: fc.Arbitrary<Sent> = fc.record({
  mode: fc.option(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...OBJECT_LOCK_MODES) },
      elementText({ maxLength: 12 }),
    ),
    { nil: undefined },
  ),
  date: fc.option(fc.oneof({ weight: 3, arbitrary: validDate }, invalidDate), { nil: undefined }),
});

/** What the parser must return for `s`, or the refusal it must answer. */
function expected(s: Sent): Outcome<ObjectRetentionXml> {
  const malformed = { ok: false, code: 'MalformedXML' } as const;
  if (s.mode === undefined && s.date === undefined) return { ok: true, value: {} };
  const trimmed = s.mode?.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const mode = OBJECT_LOCK_MODES.find((m) => m === trimmed);
  const retainUntilDate = s.date?.instant;
  if (mode === undefined || retainUntilDate === undefined) return malformed;
  return { ok: true, value: { mode, retainUntilDate } };
}

/** A child element as a client could write it, padded with whitespace. */
function child(name: string, text: string | undefined): fc.Arbitrary<string> {
  if (text === undefined) return fc.constant('');
  return fc
    .tuple(xmlSpace, fc.constantFrom('', ' ', '\n'), encodedText(text))
    .chain(([space, pad, encoded]) =>
      wrapElement(name, pad + encoded + pad).map((el) => space + el + space),
    );
}

/** `s` as a whole document: either element order, an ignored element, optional prolog. */
function serialize(s: Sent): fc.Arbitrary<string> {
  return fc
    .tuple(
      prolog,
      child('Mode', s.mode),
      child('RetainUntilDate', s.date?.text),
      fc.constantFrom('', '<!-- c -->', '<Other>x</Other>'),
      fc.boolean(),
    )
    .chain(([head, mode, date, other, modeFirst]) =>
      wrapElement('Retention', (modeFirst ? mode + date : date + mode) + other).map(
        (doc) => head + doc,
      ),
    );
}

describe('parseObjectRetention (fuzz)', () => {
  it('returns exactly the retention sent, and refuses anything else with MalformedXML', () => {
    const seen = { ok: 0, error: 0 };
    fc.assert(
      fc.property(
        sent.chain((s) => serialize(s).map((xml) => [s, xml] as const)),
        ([s, xml]) => {
          const outcome = parseOrS3Error(() => parseObjectRetention(xml), ['MalformedXML']);
          expect(outcome).toEqual(expected(s));
          seen[outcome.ok ? 'ok' : 'error']++;
        },
      ),
      { numRuns },
    );
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });

  it('round-trips every retention the serializer writes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OBJECT_LOCK_MODES), instant, (mode, retainUntilDate) => {
        const xml = serializeObjectRetention({ mode, retainUntilDate });
        expect(parseObjectRetention(xml)).toEqual({ mode, retainUntilDate });
      }),
      { numRuns },
    );
  });

  it('throws only S3Error MalformedXML for any string', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, xmlishString(NAMES)), (text) => {
        parseOrS3Error(() => parseObjectRetention(text), ['MalformedXML']);
      }),
      { numRuns },
    );
  });

  it('parses or throws MalformedXML for every mutation of a valid document, some of each', () => {
    const seen = { ok: 0, error: 0 };
    fc.assert(
      fc.property(mutated(sent.chain(serialize), NAMES), (text) => {
        const outcome = parseOrS3Error(() => parseObjectRetention(text), ['MalformedXML']);
        seen[outcome.ok ? 'ok' : 'error']++;
        if (outcome.ok) {
          const { mode, retainUntilDate } = outcome.value;
          expect(mode === undefined).toBe(retainUntilDate === undefined);
          if (mode !== undefined) expect(OBJECT_LOCK_MODES).toContain(mode);
          if (retainUntilDate !== undefined) expect(retainUntilDate.getTime()).not.toBeNaN();
        }
      }),
      { numRuns },
    );
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });

  it('refuses deep, wide and huge inputs with MalformedXML, without overflowing the stack', () => {
    fc.assert(
      fc.property(hugeInput('Retention', ['Mode', 'RetainUntilDate']), (text) => {
        parseOrS3Error(() => parseObjectRetention(text), ['MalformedXML']);
      }),
      { numRuns: hugeRuns(numRuns) },
    );
  });
});
