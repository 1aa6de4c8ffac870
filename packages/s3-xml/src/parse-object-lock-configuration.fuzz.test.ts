import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_DEFAULT_RETENTION_DAYS,
  MAX_DEFAULT_RETENTION_YEARS,
  OBJECT_LOCK_MODES,
  parseObjectLockConfiguration,
  type ObjectLockConfigurationXml,
} from './parse-object-lock-configuration.js';
import type { S3ErrorCode } from './s3-errors.js';
import { serializeObjectLockConfiguration } from './serialize-object-lock-configuration.js';
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

const NAMES = [
  'ObjectLockConfiguration',
  'ObjectLockEnabled',
  'Rule',
  'DefaultRetention',
  'Mode',
  'Days',
  'Years',
];
const CODES: readonly S3ErrorCode[] = ['MalformedXML', 'InvalidRetentionPeriod'];
const numRuns = fuzzRuns(300);

/** A value as sent: mostly `likely`, sometimes anything a client could write, or nothing. */
function value(likely: fc.Arbitrary<string>): fc.Arbitrary<string | undefined> {
  return fc.option(fc.oneof({ weight: 3, arbitrary: likely }, elementText({ maxLength: 12 })), {
    nil: undefined,
    freq: 10,
  });
}

/** A period as sent: in range, around the limits, signed, zero-padded, far too long or not a number. */
const periodText = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: MAX_DEFAULT_RETENTION_YEARS }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 40_000 }).map(String) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('', '+', '-', '0', '00', '-0'),
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
      )
      .map(([prefix, n]) => `${prefix}${n}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('1.5', '1e2', '0x10', ' ', '', '+', '-') },
  { weight: 1, arbitrary: elementText({ maxLength: 8 }) },
);

interface SentRetention {
  mode: string | undefined;
  days: string | undefined;
  years: string | undefined;
}

interface Sent {
  enabled: string | undefined;
  /** undefined: no `<Rule>`; `{ retention: undefined }`: an empty `<Rule>`. */
  rule: { retention: SentRetention | undefined } | undefined;
}

/** Mostly one of `<Days>` and `<Years>`, sometimes both or neither. */
const period = fc.oneof(
  { weight: 3, arbitrary: periodText.map((days) => ({ days, years: undefined })) },
  { weight: 3, arbitrary: periodText.map((years) => ({ days: undefined, years })) },
  { weight: 1, arbitrary: fc.record({ days: periodText, years: periodText }) },
  { weight: 1, arbitrary: fc.constant({ days: undefined, years: undefined }) },
);

const sentRetention: fc.Arbitrary<SentRetention> = fc
  .tuple(value(fc.constantFrom(...OBJECT_LOCK_MODES)), period)
  .map(([mode, p]) => ({ mode, ...p }));

const sent: fc.Arbitrary<Sent> = fc.record({
  enabled: value(fc.constant('Enabled')),
  rule: fc.option(fc.record({ retention: fc.option(sentRetention, { nil: undefined, freq: 8 }) }), {
    nil: undefined,
    freq: 4,
  }),
});

const trim = (v: string) => v.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
const malformed = { ok: false, code: 'MalformedXML' } as const;

/** What the parser must do with `r`: the schema first, then the period's range. */
function expectedRetention(r: SentRetention): Outcome<ObjectLockConfigurationXml> {
  const mode = OBJECT_LOCK_MODES.find((m) => r.mode !== undefined && m === trim(r.mode));
  if (mode === undefined) return malformed;
  if ((r.days === undefined) === (r.years === undefined)) return malformed;
  const text = trim((r.days ?? r.years)!);
  if (!/^[+-]?[0-9]+$/.test(text)) return malformed;
  // BigInt, independent of the parser's Number, so huge values are compared exactly.
  const n = BigInt(text);
  const max = r.days === undefined ? MAX_DEFAULT_RETENTION_YEARS : MAX_DEFAULT_RETENTION_DAYS;
  if (n <= 0n || n > BigInt(max)) return { ok: false, code: 'InvalidRetentionPeriod' };
  const period = r.days === undefined ? { years: Number(n) } : { days: Number(n) };
  return { ok: true, value: { defaultRetention: { mode, ...period } } };
}

/** What the parser must return for `s`, or the code it must refuse it with. */
function expected(s: Sent): Outcome<ObjectLockConfigurationXml> {
  if (s.enabled === undefined || trim(s.enabled) !== 'Enabled') return malformed;
  if (s.rule === undefined) return { ok: true, value: {} };
  if (s.rule.retention === undefined) return malformed;
  return expectedRetention(s.rule.retention);
}

/** A leaf element as a client could write it, padded with whitespace. */
function leaf(name: string, text: string | undefined): fc.Arbitrary<string> {
  if (text === undefined) return fc.constant('');
  return fc
    .tuple(xmlSpace, fc.constantFrom('', ' ', '\n'), encodedText(text))
    .chain(([space, pad, encoded]) =>
      wrapElement(name, pad + encoded + pad).map((el) => space + el + space),
    );
}

/** A container of `children` in any order, with an ignored element or comment among them. */
function container(name: string, children: fc.Arbitrary<string>[]): fc.Arbitrary<string> {
  const other = fc.constantFrom('', '<!-- c -->', '<Other>x</Other>');
  return fc
    .tuple(...children, other)
    .chain((parts) => fc.shuffledSubarray(parts, { minLength: parts.length }))
    .chain((parts) => wrapElement(name, parts.join('')));
}

/** `s` as a whole document, with an optional prolog. */
function serialize(s: Sent): fc.Arbitrary<string> {
  const children = [leaf('ObjectLockEnabled', s.enabled)];
  const r = s.rule?.retention;
  if (s.rule !== undefined) {
    const retention =
      r === undefined
        ? []
        : [
            container('DefaultRetention', [
              leaf('Mode', r.mode),
              leaf('Days', r.days),
              leaf('Years', r.years),
            ]),
          ];
    children.push(container('Rule', retention));
  }
  return fc
    .tuple(prolog, container('ObjectLockConfiguration', children))
    .map(([head, doc]) => head + doc);
}

/** A configuration the serializer can write: none, or a mode and one period in range. */
const validConfig: fc.Arbitrary<ObjectLockConfigurationXml> = fc.oneof(
  fc.constant({}),
  fc
    .tuple(
      fc.constantFrom(...OBJECT_LOCK_MODES),
      fc.oneof(
        fc.integer({ min: 1, max: MAX_DEFAULT_RETENTION_DAYS }).map((days) => ({ days })),
        fc.integer({ min: 1, max: MAX_DEFAULT_RETENTION_YEARS }).map((years) => ({ years })),
      ),
    )
    .map(([mode, period]) => ({ defaultRetention: { mode, ...period } })),
);

/** A valid configuration written as the serializer writes it, or as a client may. */
const validDocument: fc.Arbitrary<string> = validConfig.chain((config) => {
  const r = config.defaultRetention;
  const s: Sent = {
    enabled: 'Enabled',
    rule:
      r === undefined
        ? undefined
        : { retention: { mode: r.mode, days: r.days?.toString(), years: r.years?.toString() } },
  };
  return fc.oneof(fc.constant(serializeObjectLockConfiguration(config)), serialize(s));
});

describe('parseObjectLockConfiguration (fuzz)', () => {
  it('returns exactly what was sent when valid, and refuses anything else with its code', () => {
    const seen = { ok: 0, MalformedXML: 0, InvalidRetentionPeriod: 0 };
    fc.assert(
      fc.property(
        sent.chain((s) => serialize(s).map((xml) => [s, xml] as const)),
        ([s, xml]) => {
          const outcome = parseOrS3Error(() => parseObjectLockConfiguration(xml), CODES);
          expect(outcome).toEqual(expected(s));
          if (outcome.ok) seen.ok++;
          else if (outcome.code === 'MalformedXML') seen.MalformedXML++;
          else seen.InvalidRetentionPeriod++;
        },
      ),
      { numRuns },
    );
    // Every branch is reached, so the model above is really compared against the parser.
    expect(Math.min(...Object.values(seen))).toBeGreaterThan(0);
  });

  it('round-trips every configuration the serializer writes', () => {
    fc.assert(
      fc.property(validConfig, (config) => {
        const xml = serializeObjectLockConfiguration(config);
        expect(parseObjectLockConfiguration(xml)).toEqual(config);
      }),
      { numRuns },
    );
  });

  it('throws only an S3Error for any string', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, xmlishString(NAMES)), (text) => {
        parseOrS3Error(() => parseObjectLockConfiguration(text), CODES);
      }),
      { numRuns },
    );
  });

  it('parses or refuses with an S3Error every mutation of a document, some of each', () => {
    const seen = { ok: 0, error: 0 };
    fc.assert(
      fc.property(mutated(fc.oneof(sent.chain(serialize), validDocument), NAMES), (text) => {
        const outcome = parseOrS3Error(() => parseObjectLockConfiguration(text), CODES);
        seen[outcome.ok ? 'ok' : 'error']++;
        const retention = outcome.ok ? outcome.value.defaultRetention : undefined;
        if (retention !== undefined) {
          expect(OBJECT_LOCK_MODES).toContain(retention.mode);
          const { days, years } = retention;
          expect(days === undefined).not.toBe(years === undefined);
          if (days !== undefined) expect(days).toBeGreaterThanOrEqual(1);
          if (days !== undefined) expect(days).toBeLessThanOrEqual(MAX_DEFAULT_RETENTION_DAYS);
          if (years !== undefined) expect(years).toBeGreaterThanOrEqual(1);
          if (years !== undefined) expect(years).toBeLessThanOrEqual(MAX_DEFAULT_RETENTION_YEARS);
        }
      }),
      { numRuns },
    );
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });

  it('refuses deep, wide and huge inputs with MalformedXML, without overflowing the stack', () => {
    fc.assert(
      fc.property(hugeInput('ObjectLockConfiguration', NAMES.slice(1)), (text) => {
        parseOrS3Error(() => parseObjectLockConfiguration(text), ['MalformedXML']);
      }),
      { numRuns: hugeRuns(numRuns) },
    );
  });
});
