import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeXml } from './escape-xml.js';
import { MAX_DELETE_OBJECTS, parseDeleteObjects } from './parse-delete-objects.js';
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

const NAMES = ['Delete', 'Object', 'Key', 'VersionId', 'Quiet', 'ETag'];
const numRuns = fuzzRuns(300);

interface Model {
  quiet: boolean | undefined;
  objects: { key: string; versionId?: string; etag?: string }[];
}

const model: fc.Arbitrary<Model> = fc.record({
  quiet: fc.option(fc.boolean(), { nil: undefined }),
  objects: fc.array(
    fc.record(
      {
        key: elementText({ minLength: 1 }),
        versionId: elementText({ minLength: 1 }),
        // A conditional delete's ETag: quoted hex as clients send it, or `*`.
        etag: fc.constantFrom('*', '"e"', '"d41d8cd98f00b204e9800998ecf8427e"'),
      },
      { requiredKeys: ['key'] },
    ),
    { minLength: 1, maxLength: 8 },
  ),
});

/** The model as a client could write it: any element order, spacing, prefixes and encodings. */
function serialize(m: Model): fc.Arbitrary<string> {
  const objects = m.objects.map((o) =>
    fc
      .tuple(
        encodedText(o.key).chain((k) => wrapElement('Key', k)),
        o.versionId === undefined
          ? fc.constant('')
          : encodedText(o.versionId).chain((v) => wrapElement('VersionId', v)),
        o.etag === undefined
          ? fc.constant('')
          : fc
              .tuple(xmlSpace, xmlSpace)
              .chain(([a, b]) => wrapElement('ETag', a + escapeXml(o.etag!) + b)),
        fc.constantFrom(
          '',
          '<Size>3</Size>',
          '<LastModifiedTime>x</LastModifiedTime>',
          '<!-- c -->',
        ),
        xmlSpace,
      )
      .chain(([key, version, etag, extra, space]) =>
        fc
          .shuffledSubarray([key, version, etag, extra], { minLength: 4, maxLength: 4 })
          .chain((children) => wrapElement('Object', space + children.join(space) + space)),
      ),
  );
  const quiet =
    m.quiet === undefined
      ? fc.constant('')
      : fc
          .tuple(xmlSpace, fc.constantFrom(...(m.quiet ? ['true', '1'] : ['false', '0'])), xmlSpace)
          .chain(([a, b, c]) => wrapElement('Quiet', a + b + c));
  return fc
    .tuple(prolog, quiet, fc.tuple(...objects), xmlSpace, fc.boolean())
    .chain(([head, q, objs, space, quietLast]) => {
      const body = quietLast ? [...objs, q] : [q, ...objs];
      return wrapElement('Delete', space + body.join(space) + space).map((doc) => head + doc);
    });
}

const document = model.chain(serialize);

describe('parseDeleteObjects (fuzz)', () => {
  it('round-trips any model written any way a client may write it', () => {
    fc.assert(
      fc.property(
        model.chain((m) => serialize(m).map((xml) => [m, xml] as const)),
        ([m, xml]) => {
          const carriable = m.objects.every(
            (o) => isXmlText(o.key) && (o.versionId === undefined || isXmlText(o.versionId)),
          );
          const outcome = parseOrS3Error(() => parseDeleteObjects(xml), ['MalformedXML']);
          // A key XML cannot carry (a control character, a lone surrogate) must be refused, not
          // silently changed into another key.
          if (!carriable) expect(outcome.ok).toBe(false);
          else
            expect(outcome).toEqual({
              ok: true,
              value: { quiet: m.quiet ?? false, objects: m.objects },
            });
        },
      ),
      { numRuns },
    );
  });

  it('throws only S3Error MalformedXML for any string', () => {
    fc.assert(
      fc.property(anyString, (text) => {
        parseOrS3Error(() => parseDeleteObjects(text), ['MalformedXML']);
      }),
      { numRuns },
    );
  });

  it('throws only S3Error MalformedXML for XML-ish token soup', () => {
    fc.assert(
      fc.property(xmlishString(NAMES), (text) => {
        parseOrS3Error(() => parseDeleteObjects(text), ['MalformedXML']);
      }),
      { numRuns },
    );
  });

  it('parses or throws MalformedXML for every mutation of a valid document, some of each', () => {
    const seen = { ok: 0, error: 0 };
    fc.assert(
      fc.property(mutated(document, NAMES), (text) => {
        const outcome = parseOrS3Error(() => parseDeleteObjects(text), ['MalformedXML']);
        seen[outcome.ok ? 'ok' : 'error']++;
        if (outcome.ok) {
          for (const o of outcome.value.objects) expect(o.key).not.toBe('');
        }
      }),
      { numRuns },
    );
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.error).toBeGreaterThan(0);
  });

  it('refuses deep, wide and huge inputs with MalformedXML, without overflowing the stack', () => {
    fc.assert(
      fc.property(hugeInput('Delete', ['Object', 'Key']), (text) => {
        const outcome = parseOrS3Error(() => parseDeleteObjects(text), ['MalformedXML']);
        if (outcome.ok)
          expect(outcome.value.objects.length).toBeLessThanOrEqual(MAX_DELETE_OBJECTS);
      }),
      { numRuns: hugeRuns(numRuns) },
    );
  });
});
