import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_PART_NUMBER,
  parseCompleteMultipartUpload,
  type CompletedPart,
} from './parse-complete-multipart-upload.js';
import { CHECKSUM_ALGORITHMS } from './types.js';
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

const NAMES = ['CompleteMultipartUpload', 'Part', 'PartNumber', 'ETag', 'ChecksumCRC32'];
const numRuns = fuzzRuns(300);
const CODES = ['MalformedXML', 'InvalidArgument'] as const;

const isXmlSpace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
/** Model of what the parser keeps of an ETag or checksum: no XML whitespace at either end. */
const trimmed = (text: string): boolean =>
  text !== '' && !isXmlSpace(text[0]!) && !isXmlSpace(text.at(-1)!);

const etag = elementText({ minLength: 1, maxLength: 34 }).filter(trimmed);
const checksumValue = elementText({ minLength: 1, maxLength: 16 }).filter(trimmed);

const part: fc.Arbitrary<CompletedPart> = fc.record({
  partNumber: fc.integer({ min: 1, max: MAX_PART_NUMBER }),
  etag,
  checksums: fc.record(
    Object.fromEntries(CHECKSUM_ALGORITHMS.map((a) => [a, checksumValue])) as Record<
      (typeof CHECKSUM_ALGORITHMS)[number],
      fc.Arbitrary<string>
    >,
    { requiredKeys: [] },
  ),
});

/** One part as a client may write it: quoted or bare ETag, padded part number, any order. */
function serializePart(p: CompletedPart): fc.Arbitrary<string> {
  // A bare ETag that starts and ends with `"` would lose them; clients quote such a value.
  const bareOk = !(p.etag.length >= 2 && p.etag.startsWith('"') && p.etag.endsWith('"'));
  const etagText = fc
    .constantFrom(...(bareOk ? ['"', '', '&quot;'] : ['"', '&quot;']))
    .chain((q) => encodedText(p.etag).map((e) => `${q}${e}${q}`));
  const children = [
    fc
      .tuple(xmlSpace, fc.constantFrom('', '0', '000'), xmlSpace)
      .chain(([a, zeros, b]) => wrapElement('PartNumber', `${a}${zeros}${p.partNumber}${b}`)),
    fc.tuple(xmlSpace, etagText, xmlSpace).chain(([a, e, b]) => wrapElement('ETag', a + e + b)),
    ...Object.entries(p.checksums).map(([algorithm, value]) =>
      encodedText(value).chain((v) => wrapElement(`Checksum${algorithm}`, v)),
    ),
    fc.constantFrom('', '<ChecksumType>COMPOSITE</ChecksumType>', '<Size>5</Size>', '<!--x-->'),
  ];
  return fc
    .tuple(fc.tuple(...children), xmlSpace)
    .chain(([c, space]) =>
      fc
        .shuffledSubarray(c, { minLength: c.length, maxLength: c.length })
        .chain((all) => wrapElement('Part', space + all.join(space) + space)),
    );
}

function serialize(parts: CompletedPart[]): fc.Arbitrary<string> {
  return fc
    .tuple(prolog, fc.tuple(...parts.map(serializePart)), xmlSpace)
    .chain(([head, ps, space]) =>
      wrapElement('CompleteMultipartUpload', space + ps.join(space) + space).map((d) => head + d),
    );
}

const parts = fc.array(part, { minLength: 1, maxLength: 6 });
const document = parts.chain(serialize);

describe('parseCompleteMultipartUpload (fuzz)', () => {
  it('round-trips any parts list written any way a client may write it', () => {
    fc.assert(
      fc.property(
        parts.chain((ps) => serialize(ps).map((xml) => [ps, xml] as const)),
        ([ps, xml]) => {
          const carriable = ps.every(
            (p) => isXmlText(p.etag) && Object.values(p.checksums).every(isXmlText),
          );
          const outcome = parseOrS3Error(() => parseCompleteMultipartUpload(xml), ['MalformedXML']);
          if (!carriable) expect(outcome.ok).toBe(false);
          else expect(outcome).toEqual({ ok: true, value: { parts: ps } });
        },
      ),
      { numRuns },
    );
  });

  it('reads any digit string of a part number as the number, or refuses it with the right code', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 14 }),
        (digits) => {
          const xml = `<CompleteMultipartUpload><Part><PartNumber>${digits}</PartNumber><ETag>e</ETag></Part></CompleteMultipartUpload>`;
          const outcome = parseOrS3Error(() => parseCompleteMultipartUpload(xml), CODES);
          const n = Number(digits);
          const expected =
            digits.length > 12
              ? { ok: false, code: 'MalformedXML' }
              : n >= 1 && n <= MAX_PART_NUMBER
                ? { ok: true, value: { parts: [{ partNumber: n, etag: 'e', checksums: {} }] } }
                : { ok: false, code: 'InvalidArgument' };
          expect(outcome).toEqual(expected);
        },
      ),
      { numRuns },
    );
  });

  it('throws only MalformedXML or InvalidArgument for any string', () => {
    fc.assert(
      fc.property(fc.oneof(anyString, xmlishString(NAMES)), (text) => {
        parseOrS3Error(() => parseCompleteMultipartUpload(text), CODES);
      }),
      { numRuns },
    );
  });

  it('parses or throws a typed error for every mutation of a valid document, some of each', () => {
    const seen = { ok: 0, error: 0 };
    fc.assert(
      fc.property(mutated(document, NAMES), (text) => {
        const outcome = parseOrS3Error(() => parseCompleteMultipartUpload(text), CODES);
        seen[outcome.ok ? 'ok' : 'error']++;
        if (outcome.ok) {
          for (const p of outcome.value.parts) {
            expect(Number.isInteger(p.partNumber)).toBe(true);
            expect(p.partNumber).toBeGreaterThanOrEqual(1);
            expect(p.partNumber).toBeLessThanOrEqual(MAX_PART_NUMBER);
            expect(p.etag).not.toBe('');
          }
        }
      }),
      { numRuns },
    );
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });

  it('refuses deep, wide and huge inputs with a typed error, without overflowing the stack', () => {
    fc.assert(
      fc.property(hugeInput('CompleteMultipartUpload', ['Part', 'PartNumber']), (text) => {
        const outcome = parseOrS3Error(() => parseCompleteMultipartUpload(text), CODES);
        if (outcome.ok) expect(outcome.value.parts.length).toBeLessThanOrEqual(MAX_PART_NUMBER);
      }),
      { numRuns: hugeRuns(numRuns) },
    );
  });
});
