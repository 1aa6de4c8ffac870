// Test support (excluded from the build): fast-check arbitraries and checks shared by the
// `*.fuzz.test.ts` files of the request-body parsers.
import fc from 'fast-check';
import { expect } from 'vitest';
import { escapeXml } from '../escape-xml.js';
import { isS3Error } from '../s3-error.js';
import type { S3ErrorCode } from '../s3-errors.js';

/**
 * Runs per property: `FUZZ_RUNS` (set by `pnpm fuzz` for long runs), otherwise a count that
 * keeps each fuzz file to a few seconds on a slow CI machine.
 */
export function fuzzRuns(defaultRuns: number): number {
  const fromEnv = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : defaultRuns;
}

/** What one parse did: a value, or an S3Error code. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: S3ErrorCode };

/**
 * Calls `parse` and fails the test unless it returns or throws an S3Error with one of `codes`
 * (a TypeError, RangeError or "Maximum call stack size exceeded" would be a 500 in the gateway).
 */
export function parseOrS3Error<T>(parse: () => T, codes: readonly S3ErrorCode[]): Outcome<T> {
  try {
    return { ok: true, value: parse() };
  } catch (err) {
    expect(isS3Error(err), `not an S3Error: ${String(err)}`).toBe(true);
    const { code } = err as { code: S3ErrorCode };
    expect(codes).toContain(code);
    return { ok: false, code };
  }
}

/** XML whitespace (the only characters `trimXml` removes), as a short run. */
export const xmlSpace = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r\n'), maxLength: 3 });

/** One UTF-16 code unit, lone surrogates included: what `Buffer#toString('utf8')` cannot make but a caller could pass. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u));

/** Any string: code points of the whole range, lone surrogates and controls included. */
export const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: codeUnit, maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
);

/** Whether every character of `text` is an XML 1.0 Char (https://www.w3.org/TR/xml/#charsets). */
export function isXmlText(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const ok =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c <= 0xd7ff) ||
      (c >= 0xe000 && c <= 0xfffd) ||
      (c >= 0x10000 && c <= 0x10ffff);
    if (!ok) return false;
  }
  return true;
}

/**
 * Text a client could put into an element: mostly XML characters (printable, markup characters,
 * whitespace, astral), sometimes a character XML cannot carry.
 */
export const elementText = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({
    unit: fc.oneof(
      { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
      { weight: 2, arbitrary: fc.constantFrom('&', '<', '>', '"', "'", ']]>', ' ', '\t', '\n') },
      { weight: 2, arbitrary: fc.constantFrom('\r', 'é', 'ü', '日本', '😀', '\u00a0', '\uFEFF') },
      { weight: 1, arbitrary: codeUnit },
    ),
    minLength: options.minLength ?? 0,
    maxLength: options.maxLength ?? 40,
  });

/**
 * How a client may write `text` as element content: escaped by {@link escapeXml}, with numeric
 * references for every character, or in CDATA sections (split at `]]>`). A literal CR is never
 * written raw (XML parsers turn it into LF, XML 1.0 §2.11), and CDATA cannot carry it either.
 */
export function encodedText(text: string): fc.Arbitrary<string> {
  const forms: fc.Arbitrary<string>[] = [
    fc.constant(escapeXml(text)),
    fc.constant([...text].map((ch) => `&#x${ch.codePointAt(0)!.toString(16)};`).join('')),
  ];
  if (text !== '' && !text.includes('\r') && isXmlText(text)) {
    const sections = text.split(']]>').map((s, i, all) => (i < all.length - 1 ? `${s}]]` : s));
    const cdata = sections
      .map((s, i) => (i === 0 ? s : `>${s}`))
      .map((s) => (s === '' ? '' : `<![CDATA[${s}]]>`))
      .join('');
    forms.push(fc.constant(cdata));
  }
  return fc.oneof(...forms);
}

/** An element name as a client may write it: bare or with a namespace prefix. */
export function tagName(name: string): fc.Arbitrary<string> {
  return fc.constantFrom(name, `s3:${name}`);
}

/** `<name>content</name>`, prefixed or not, with an optional harmless attribute. */
export function wrapElement(name: string, content: string): fc.Arbitrary<string> {
  return fc
    .tuple(
      tagName(name),
      fc.constantFrom('', ' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"', ' a="1"'),
    )
    .map(([tag, attr]) => `<${tag}${attr}>${content}</${tag}>`);
}

/** An optional XML declaration and byte order mark before the root element. */
export const prolog = fc.constantFrom(
  '',
  '<?xml version="1.0" encoding="UTF-8"?>',
  '<?xml version="1.0" encoding="UTF-8"?>\n',
  '\uFEFF',
  '\uFEFF<?xml version="1.0"?>\n',
  '<!-- comment -->',
);

/**
 * Markup pieces an XML-ish string is built from: the parser's element names, constructs it must
 * refuse (DOCTYPE, entities), references valid and not, comments, CDATA and text.
 */
export function xmlTokens(names: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...names).map((n) => `<${n}>`) },
    { weight: 4, arbitrary: fc.constantFrom(...names).map((n) => `</${n}>`) },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((n) => `<${n}/>`) },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((n) => `<s3:${n} xmlns:s3="x">`) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        '<?xml version="1.0"?>',
        '<!DOCTYPE a [<!ENTITY e "x">]>',
        '<!ENTITY x SYSTEM "file:///etc/passwd">',
        '&e;',
        '&amp;',
        '&lt;',
        '&#65;',
        '&#x1F600;',
        '&#0;',
        '&#xD800;',
        '&#x110000;',
        '&#99999999;',
        '&',
        '&#;',
        '<![CDATA[',
        ']]>',
        '<!--',
        '-->',
        '<?pi x?>',
        '<',
        '>',
        '"',
        "'",
        '=',
        ' a="1"',
        '/',
        '\uFEFF',
        '\u0000',
        '\uD800',
        '\r',
      ),
    },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }) },
    { weight: 1, arbitrary: xmlSpace },
  );
}

/** A random concatenation of {@link xmlTokens}. */
export function xmlishString(names: readonly string[]): fc.Arbitrary<string> {
  return fc.array(xmlTokens(names), { maxLength: 40 }).map((tokens) => tokens.join(''));
}

/** One edit of a string at a position given as a fraction of its length. */
type Edit =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'truncate'; at: number };

function applyEdit(text: string, edit: Edit): string {
  const at = Math.floor(edit.at * (text.length + 1));
  switch (edit.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + edit.length);
    case 'insert':
      return text.slice(0, at) + edit.text + text.slice(at);
    case 'duplicate':
      return (
        text.slice(0, at + edit.length) +
        text.slice(at, at + edit.length) +
        text.slice(at + edit.length)
      );
    case 'truncate':
      return text.slice(0, at);
  }
}

/** 1-4 random edits (delete, insert a markup token, duplicate a span, truncate) of `text`. */
export function mutated(
  text: fc.Arbitrary<string>,
  names: readonly string[],
): fc.Arbitrary<string> {
  const at = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
  const length = fc.integer({ min: 1, max: 30 });
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant('delete' as const), at, length }),
    fc.record({ kind: fc.constant('insert' as const), at, text: xmlTokens(names) }),
    fc.record({ kind: fc.constant('duplicate' as const), at, length }),
    fc.record({ kind: fc.constant('truncate' as const), at }),
  );
  return fc
    .tuple(text, fc.array(edit, { minLength: 1, maxLength: 4 }))
    .map(([doc, edits]) => edits.reduce(applyEdit, doc));
}

/** Runs of a {@link hugeInput} property: each parses up to about 2 MiB, so far fewer. */
export function hugeRuns(numRuns: number): number {
  return Math.min(300, Math.ceil(numRuns / 50));
}

/** Shapes of very deep or very wide input, `size` elements or characters (up to about 2 MiB). */
export function hugeInput(root: string, inner: readonly string[]): fc.Arbitrary<string> {
  const size = fc.integer({ min: 1_000, max: 200_000 });
  const name = fc.constantFrom('a', ...inner);
  return fc.oneof(
    fc
      .tuple(size, name)
      .map(([n, e]) => `<${root}>${`<${e}>`.repeat(n)}${`</${e}>`.repeat(n)}</${root}>`),
    fc.tuple(size, name).map(([n, e]) => `<${root}>${`<${e}>`.repeat(n)}</${root}>`),
    fc.tuple(size, name).map(([n, e]) => `<${root}>${`<${e}>x</${e}>`.repeat(n)}</${root}>`),
    fc.tuple(size, name).map(([n, e]) => `<${root}>${`<${e}/>`.repeat(n)}</${root}>`),
    size.map((n) => `<${root}>${'<!--'.repeat(n)}</${root}>`),
    size.map((n) => `<${root}>${'<![CDATA['.repeat(n)}</${root}>`),
    size.map((n) => `<${root}>${'&'.repeat(n)}</${root}>`),
    size.map((n) => `<${root}>${'&#x'.repeat(n)}</${root}>`),
    size.map((n) => `<${root}${' a="1"'.repeat(n)}></${root}>`),
    size.map((n) => `${'<'.repeat(n)}`),
    size.map((n) => `<${root}>${'x'.repeat(n * 10)}</${root}>`),
  );
}
