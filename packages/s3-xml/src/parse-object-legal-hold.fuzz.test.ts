import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LEGAL_HOLD_STATUSES,
  parseObjectLegalHold,
  type ObjectLegalHoldXml,
} from './parse-object-legal-hold.js';
import { serializeObjectLegalHold } from './serialize-object-legal-hold.js';
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
} from './testing/xml-fuzz.js';

const NAMES = ['LegalHold', 'Status'];
const numRuns = fuzzRuns(300);

/** A status as sent: mostly an allowed one, sometimes anything a client could write, or none. */
const sent: fc.Arbitrary<string | undefined> = fc.option(
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...LEGAL_HOLD_STATUSES) },
    elementText({ maxLength: 12 }),
  ),
  { nil: undefined },
);

/** What the parser must return for `status`, or undefined when it must refuse it. */
function expected(status: string | undefined): ObjectLegalHoldXml | undefined {
  const trimmed = status?.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const found = LEGAL_HOLD_STATUSES.find((v) => v === trimmed);
  return found === undefined ? undefined : { status: found };
}

/** `status` as a whole document: padded, encoded, with an ignored element, optional prolog. */
function serialize(status: string | undefined): fc.Arbitrary<string> {
  const child =
    status === undefined
      ? fc.constant('')
      : fc
          .tuple(xmlSpace, fc.constantFrom('', ' ', '\n'), encodedText(status))
          .chain(([space, pad, encoded]) =>
            wrapElement('Status', pad + encoded + pad).map((el) => space + el + space),
          );
  return fc
    .tuple(prolog, child, fc.constantFrom('', '<!-- c -->', '<Other>x</Other>'), fc.boolean())
    .chain(([head, el, other, first]) =>
      wrapElement('LegalHold', first ? el + other : other + el).map((doc) => head + doc),
    );
}

describe('parseObjectLegalHold (fuzz)', () => {
  it('returns exactly the status sent when allowed, and refuses anything else with MalformedXML', () => {
    fc.assert(
      fc.property(
        sent.chain((s) => serialize(s).map((xml) => [s, xml] as const)),
        ([s, xml]) => {
          const outcome = parseOrS3Error(() => parseObjectLegalHold(xml), ['MalformedXML']);
          const want = expected(s);
          if (want === undefined) expect(outcome.ok).toBe(false);
          else expect(outcome).toEqual({ ok: true, value: want });
        },
      ),
      { numRuns },
    );
  });

  it('round-trips every status the serializer writes', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LEGAL_HOLD_STATUSES), (status) => {
        expect(parseObjectLegalHold(serializeObjectLegalHold(status))).toEqual({ status });
      }),
      { numRuns: LEGAL_HOLD_STATUSES.length * 4 },
    );
  });

  it('throws only S3Error MalformedXML for any string', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, xmlishString(NAMES)), (text) => {
        parseOrS3Error(() => parseObjectLegalHold(text), ['MalformedXML']);
      }),
      { numRuns },
    );
  });

  it('parses or throws MalformedXML for every mutation of a valid document, some of each', () => {
    const seen = { ok: 0, error: 0 };
    fc.assert(
      fc.property(mutated(sent.chain(serialize), NAMES), (text) => {
        const outcome = parseOrS3Error(() => parseObjectLegalHold(text), ['MalformedXML']);
        seen[outcome.ok ? 'ok' : 'error']++;
        if (outcome.ok) expect(LEGAL_HOLD_STATUSES).toContain(outcome.value.status);
      }),
      { numRuns },
    );
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });

  it('refuses deep, wide and huge inputs with MalformedXML, without overflowing the stack', () => {
    fc.assert(
      fc.property(hugeInput('LegalHold', ['Status']), (text) => {
        parseOrS3Error(() => parseObjectLegalHold(text), ['MalformedXML']);
      }),
      { numRuns: hugeRuns(numRuns) },
    );
  });
});
