import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parsePublicAccessBlockConfiguration,
  type PublicAccessBlockConfigurationXml,
} from './parse-public-access-block-configuration.js';
import { serializePublicAccessBlockConfiguration } from './serialize-public-access-block-configuration.js';
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

/** Element name and result field of each switch, in the reference order. */
const SWITCHES = [
  ['BlockPublicAcls', 'blockPublicAcls'],
  ['IgnorePublicAcls', 'ignorePublicAcls'],
  ['BlockPublicPolicy', 'blockPublicPolicy'],
  ['RestrictPublicBuckets', 'restrictPublicBuckets'],
] as const;
const ROOT = 'PublicAccessBlockConfiguration';
const NAMES = [ROOT, ...SWITCHES.map(([name]) => name)];
const BOOLEAN_FORMS = ['true', 'false', '1', '0'];
const numRuns = fuzzRuns(300);

/** One switch as sent: absent, a boolean form, a near miss, or anything a client could write. */
const value: fc.Arbitrary<string | undefined> = fc.option(
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...BOOLEAN_FORMS) },
    { weight: 1, arbitrary: fc.constantFrom('TRUE', 'False', 'yes', '2', '') },
    { weight: 1, arbitrary: elementText({ maxLength: 12 }) },
  ),
  { nil: undefined },
);

/** The four values as sent, in reference order, each with how many times it is repeated. */
type Sent = readonly { text: string | undefined; copies: number }[];

const sent: fc.Arbitrary<Sent> = fc.tuple(
  ...SWITCHES.map(() =>
    fc.record({
      text: value,
      copies: fc.oneof({ weight: 9, arbitrary: fc.constant(1) }, fc.constant(2)),
    }),
  ),
);

/** What the parser must return for `s`, or undefined when it must refuse it. */
function expected(s: Sent): PublicAccessBlockConfigurationXml | undefined {
  const out: PublicAccessBlockConfigurationXml = {
    blockPublicAcls: false,
    ignorePublicAcls: false,
    blockPublicPolicy: false,
    restrictPublicBuckets: false,
  };
  for (const [i, [, field]] of SWITCHES.entries()) {
    const { text, copies } = s[i]!;
    if (text === undefined) continue;
    if (copies > 1) return undefined;
    const trimmed = text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (trimmed === 'true' || trimmed === '1') out[field] = true;
    else if (trimmed !== 'false' && trimmed !== '0') return undefined;
  }
  return out;
}

/** One switch element as a client could write it, padded with whitespace; `copies` times. */
function child(name: string, text: string | undefined, copies: number): fc.Arbitrary<string> {
  if (text === undefined) return fc.constant('');
  const one = fc
    .tuple(xmlSpace, fc.constantFrom('', ' ', '\n'), encodedText(text))
    .chain(([space, pad, encoded]) =>
      wrapElement(name, pad + encoded + pad).map((el) => space + el + space),
    );
  return fc.array(one, { minLength: copies, maxLength: copies }).map((els) => els.join(''));
}

/** `s` as a whole document: elements shuffled, an ignored element, optional prolog. */
function serialize(s: Sent): fc.Arbitrary<string> {
  return fc
    .tuple(
      prolog,
      fc.tuple(...SWITCHES.map(([name], i) => child(name, s[i]!.text, s[i]!.copies))),
      fc.constantFrom('', '<!-- c -->', '<Other>x</Other>'),
    )
    .chain(([head, children, other]) =>
      fc
        .shuffledSubarray([...children, other], { minLength: children.length + 1 })
        .chain((parts) => wrapElement(ROOT, parts.join('')))
        .map((doc) => head + doc),
    );
}

/** A parsed configuration: four booleans, nothing else. */
function expectConfiguration(value: PublicAccessBlockConfigurationXml): void {
  expect(Object.keys(value).sort()).toEqual(SWITCHES.map(([, field]) => field).sort());
  for (const [, field] of SWITCHES) expect(typeof value[field]).toBe('boolean');
}

describe('parsePublicAccessBlockConfiguration (fuzz)', () => {
  it('returns exactly the switches sent, absent ones off, and refuses anything else with MalformedXML', () => {
    fc.assert(
      fc.property(
        sent.chain((s) => serialize(s).map((xml) => [s, xml] as const)),
        ([s, xml]) => {
          const outcome = parseOrS3Error(
            () => parsePublicAccessBlockConfiguration(xml),
            ['MalformedXML'],
          );
          const want = expected(s);
          if (want === undefined) expect(outcome.ok).toBe(false);
          else expect(outcome).toEqual({ ok: true, value: want });
        },
      ),
      { numRuns },
    );
  });

  it('round-trips every configuration the serializer writes', () => {
    fc.assert(
      fc.property(
        fc.record({
          blockPublicAcls: fc.boolean(),
          ignorePublicAcls: fc.boolean(),
          blockPublicPolicy: fc.boolean(),
          restrictPublicBuckets: fc.boolean(),
        }),
        (config) => {
          expect(
            parsePublicAccessBlockConfiguration(serializePublicAccessBlockConfiguration(config)),
          ).toEqual(config);
        },
      ),
      { numRuns: 16 * 4 },
    );
  });

  it('throws only S3Error MalformedXML for any string', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, xmlishString(NAMES)), (text) => {
        parseOrS3Error(() => parsePublicAccessBlockConfiguration(text), ['MalformedXML']);
      }),
      { numRuns },
    );
  });

  it('parses or throws MalformedXML for every mutation of a valid document, some of each', () => {
    const seen = { ok: 0, error: 0 };
    fc.assert(
      fc.property(mutated(sent.chain(serialize), NAMES), (text) => {
        const outcome = parseOrS3Error(
          () => parsePublicAccessBlockConfiguration(text),
          ['MalformedXML'],
        );
        seen[outcome.ok ? 'ok' : 'error']++;
        if (outcome.ok) expectConfiguration(outcome.value);
      }),
      { numRuns },
    );
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });

  it('refuses deep, wide and huge inputs with MalformedXML, without overflowing the stack', () => {
    fc.assert(
      fc.property(
        hugeInput(
          ROOT,
          SWITCHES.map(([name]) => name),
        ),
        (text) => {
          parseOrS3Error(() => parsePublicAccessBlockConfiguration(text), ['MalformedXML']);
        },
      ),
      { numRuns: hugeRuns(numRuns) },
    );
  });
});
