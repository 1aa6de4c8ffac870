import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MFA_DELETE_STATUSES,
  parseVersioningConfiguration,
  type VersioningConfigurationXml,
} from './parse-versioning-configuration.js';
import { VERSIONING_STATUSES } from './serialize-versioning-configuration.js';
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

const NAMES = ['VersioningConfiguration', 'Status', 'MfaDelete'];
const numRuns = fuzzRuns(300);

/** A value as sent: mostly an allowed one, sometimes anything a client could write. */
function value(allowed: readonly string[]): fc.Arbitrary<string | undefined> {
  return fc.option(
    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...allowed) }, elementText({ maxLength: 12 })),
    { nil: undefined },
  );
}

interface Sent {
  status: string | undefined;
  mfaDelete: string | undefined;
}

const sent: fc.Arbitrary<Sent> = fc.record({
  status: value(VERSIONING_STATUSES),
  mfaDelete: value(MFA_DELETE_STATUSES),
});

/** What the parser must return for `sent`, or undefined when it must refuse it. */
function expected(s: Sent): VersioningConfigurationXml | undefined {
  const trim = (v: string) => v.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const out: VersioningConfigurationXml = {};
  if (s.status !== undefined) {
    const status = VERSIONING_STATUSES.find((v) => v === trim(s.status!));
    if (status === undefined) return undefined;
    out.status = status;
  }
  if (s.mfaDelete !== undefined) {
    const mfaDelete = MFA_DELETE_STATUSES.find((v) => v === trim(s.mfaDelete!));
    if (mfaDelete === undefined) return undefined;
    out.mfaDelete = mfaDelete;
  }
  return out;
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
      child('Status', s.status),
      child('MfaDelete', s.mfaDelete),
      fc.constantFrom('', '<!-- c -->', '<Other>x</Other>'),
      fc.boolean(),
    )
    .chain(([head, status, mfa, other, statusFirst]) =>
      wrapElement(
        'VersioningConfiguration',
        (statusFirst ? status + mfa : mfa + status) + other,
      ).map((doc) => head + doc),
    );
}

describe('parseVersioningConfiguration (fuzz)', () => {
  it('returns exactly the allowed values sent, and refuses anything else with MalformedXML', () => {
    fc.assert(
      fc.property(
        sent.chain((s) => serialize(s).map((xml) => [s, xml] as const)),
        ([s, xml]) => {
          const outcome = parseOrS3Error(() => parseVersioningConfiguration(xml), ['MalformedXML']);
          const want = expected(s);
          if (want === undefined) expect(outcome.ok).toBe(false);
          else expect(outcome).toEqual({ ok: true, value: want });
        },
      ),
      { numRuns },
    );
  });

  it('throws only S3Error MalformedXML for any string', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, xmlishString(NAMES)), (text) => {
        parseOrS3Error(() => parseVersioningConfiguration(text), ['MalformedXML']);
      }),
      { numRuns },
    );
  });

  it('parses or throws MalformedXML for every mutation of a valid document, some of each', () => {
    const seen = { ok: 0, error: 0 };
    fc.assert(
      fc.property(mutated(sent.chain(serialize), NAMES), (text) => {
        const outcome = parseOrS3Error(() => parseVersioningConfiguration(text), ['MalformedXML']);
        seen[outcome.ok ? 'ok' : 'error']++;
        if (outcome.ok) {
          const { status, mfaDelete } = outcome.value;
          if (status !== undefined) expect(VERSIONING_STATUSES).toContain(status);
          if (mfaDelete !== undefined) expect(MFA_DELETE_STATUSES).toContain(mfaDelete);
        }
      }),
      { numRuns },
    );
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });

  it('refuses deep, wide and huge inputs with MalformedXML, without overflowing the stack', () => {
    fc.assert(
      fc.property(hugeInput('VersioningConfiguration', ['Status', 'MfaDelete']), (text) => {
        parseOrS3Error(() => parseVersioningConfiguration(text), ['MalformedXML']);
      }),
      { numRuns: hugeRuns(numRuns) },
    );
  });
});
