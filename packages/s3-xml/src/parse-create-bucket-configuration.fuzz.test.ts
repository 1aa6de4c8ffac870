import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCreateBucketConfiguration } from './parse-create-bucket-configuration.js';
import {
  anyString,
  elementText,
  encodedText,
  fuzzRuns,
  hugeInput,
  hugeRuns,
  isXmlText,
  mutated,
  parseOrS3Error,
  prolog,
  wrapElement,
  xmlSpace,
  xmlishString,
} from './testing/xml-fuzz.js';

const NAMES = ['CreateBucketConfiguration', 'LocationConstraint', 'Location', 'Bucket'];
const numRuns = fuzzRuns(300);

/** What S3 keeps of a LocationConstraint: XML whitespace trimmed, empty meaning none. */
function expected(constraint: string | undefined): { locationConstraint?: string } {
  const region = (constraint ?? '').replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  return region === '' ? {} : { locationConstraint: region };
}

const constraint = fc.option(
  fc.oneof(
    fc.constantFrom('eu-west-1', 'us-east-1', 'ap-south-1', 'EU', ''),
    elementText({ maxLength: 30 }),
  ),
  { nil: undefined },
);

function serialize(c: string | undefined): fc.Arbitrary<string> {
  const inner =
    c === undefined
      ? fc.constant('')
      : fc
          .tuple(xmlSpace, fc.constantFrom('', ' '), encodedText(c))
          .chain(([space, pad, text]) =>
            wrapElement('LocationConstraint', pad + text + pad).map((el) => space + el + space),
          );
  const ignored = fc.constantFrom(
    '',
    '<Location><Type>AvailabilityZone</Type><Name>usw2-az1</Name></Location>',
    '<Bucket><Type>Directory</Type></Bucket>',
    '<!-- c -->',
  );
  return fc
    .tuple(prolog, inner, ignored, fc.boolean())
    .chain(([head, lc, other, first]) =>
      wrapElement('CreateBucketConfiguration', first ? lc + other : other + lc).map(
        (doc) => head + doc,
      ),
    );
}

const document = constraint.chain(serialize);

describe('parseCreateBucketConfiguration (fuzz)', () => {
  it('round-trips any LocationConstraint, trimmed, empty meaning none', () => {
    fc.assert(
      fc.property(
        constraint.chain((c) => serialize(c).map((xml) => [c, xml] as const)),
        ([c, xml]) => {
          const outcome = parseOrS3Error(
            () => parseCreateBucketConfiguration(xml),
            ['MalformedXML'],
          );
          if (c !== undefined && !isXmlText(c)) expect(outcome.ok).toBe(false);
          else expect(outcome).toEqual({ ok: true, value: expected(c) });
        },
      ),
      { numRuns },
    );
  });

  it('reads a body of only whitespace as no configuration', () => {
    fc.assert(
      fc.property(fc.tuple(fc.constantFrom('', '\uFEFF'), xmlSpace), ([bom, space]) => {
        expect(parseCreateBucketConfiguration(bom + space)).toEqual({});
      }),
      { numRuns: Math.min(numRuns, 50) },
    );
  });

  it('throws only S3Error MalformedXML for any string', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, xmlishString(NAMES)), (text) => {
        parseOrS3Error(() => parseCreateBucketConfiguration(text), ['MalformedXML']);
      }),
      { numRuns },
    );
  });

  it('parses or throws MalformedXML for every mutation of a valid document, some of each', () => {
    const seen = { ok: 0, error: 0 };
    fc.assert(
      fc.property(mutated(document, NAMES), (text) => {
        const outcome = parseOrS3Error(
          () => parseCreateBucketConfiguration(text),
          ['MalformedXML'],
        );
        seen[outcome.ok ? 'ok' : 'error']++;
        if (outcome.ok && outcome.value.locationConstraint !== undefined) {
          expect(outcome.value.locationConstraint).toBe(
            expected(outcome.value.locationConstraint).locationConstraint,
          );
        }
      }),
      { numRuns },
    );
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });

  it('refuses deep, wide and huge inputs with MalformedXML, without overflowing the stack', () => {
    fc.assert(
      fc.property(hugeInput('CreateBucketConfiguration', ['LocationConstraint']), (text) => {
        parseOrS3Error(() => parseCreateBucketConfiguration(text), ['MalformedXML']);
      }),
      { numRuns: hugeRuns(numRuns) },
    );
  });
});
