import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { S3Error } from '../s3-error.js';

/** An element of a parsed request body: local name, child elements, decoded text. */
export interface XmlElement {
  /** Local name, namespace prefix removed. */
  readonly name: string;
  readonly children: readonly XmlElement[];
  /** Text and CDATA directly inside this element, entity-decoded, concatenated, untrimmed. */
  readonly text: string;
}

type RawNode = Record<string, unknown>;

// Entities are left to `decodeText`, which knows only the five XML predefines and numeric
// references; values are never trimmed or coerced, so keys survive byte for byte.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  ignoreDeclaration: true,
  ignorePiTags: true,
});

const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));|&/g;
const PREDEFINED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};
// Any character outside XML 1.0's Char production (https://www.w3.org/TR/xml/#charsets).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** A `MalformedXML` error whose `cause` says what was wrong (for logs, never rendered). */
export function malformedXml(detail: string): S3Error {
  return new S3Error('MalformedXML', { cause: new Error(detail) });
}

/** Index just past `close` searched from `from`, or -1 when it never comes. */
function skipPast(text: string, close: string, from: number): number {
  const end = text.indexOf(close, from);
  return end < 0 ? -1 : end + close.length;
}

/**
 * Refuses a `<!DOCTYPE`, `<!ENTITY` or any other markup declaration, so no entity expansion can
 * happen (XXE, billion laughs). A lexer rather than one regular expression over the body: the
 * content of comments, CDATA sections and processing instructions is skipped, so a key written as
 * `<![CDATA[<!x]]>` is text (found by the DeleteObjects fuzz test). A `<` inside a tag, which XML
 * forbids (and fast-xml-parser's validator lets through in attribute values), is refused too, so
 * `<a b="<!--">` cannot open a "comment" that hides a declaration. Linear in the body's length;
 * an unclosed construct is left to the well-formedness check.
 *
 * @throws S3Error `MalformedXML`.
 */
function assertNoMarkupDeclaration(text: string): void {
  for (let i = 0; i >= 0 && i < text.length;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return;
    if (text.startsWith('<!--', lt)) i = skipPast(text, '-->', lt + 4);
    else if (text.startsWith('<![CDATA[', lt)) i = skipPast(text, ']]>', lt + 9);
    else if (text.startsWith('<!', lt)) throw malformedXml('DOCTYPE or entity declaration');
    else if (text.startsWith('<?', lt)) i = skipPast(text, '?>', lt + 2);
    else i = tagEnd(text, lt + 1);
  }
}

/** Index just past the `>` that ends the tag begun before `from` (quotes honoured), or -1. */
function tagEnd(text: string, from: number): number {
  let quote = '';
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === '<') throw malformedXml('"<" inside a tag');
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j + 1;
  }
  return -1;
}

function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

function decodeText(raw: string): string {
  if (NOT_XML_CHAR.test(raw)) throw malformedXml('character not allowed in XML 1.0');
  return raw.replace(REFERENCE, (match, name?: string, dec?: string, hex?: string) => {
    if (name !== undefined) return PREDEFINED[name] ?? match;
    const digits = dec ?? hex;
    if (digits === undefined) throw malformedXml('undefined entity or bare "&"');
    const codePoint = Number.parseInt(digits, dec === undefined ? 16 : 10);
    if (!isXmlChar(codePoint)) throw malformedXml(`reference to a non-XML character: ${match}`);
    return String.fromCodePoint(codePoint);
  });
}

function cdataText(value: unknown): string {
  let out = '';
  for (const node of value as RawNode[]) {
    const text = node['#text'];
    if (typeof text === 'string') out += text;
  }
  if (NOT_XML_CHAR.test(out)) throw malformedXml('character not allowed in XML 1.0');
  return out;
}

function toElement(rawName: string, rawChildren: unknown): XmlElement {
  const children: XmlElement[] = [];
  let text = '';
  for (const node of rawChildren as RawNode[]) {
    const key = Object.keys(node).find((k) => k !== ':@');
    if (key === undefined || key === '#comment') continue;
    if (key === '#text') text += decodeText(String(node[key]));
    else if (key === '#cdata') text += cdataText(node[key]);
    else children.push(toElement(key, node[key]));
  }
  return { name: rawName.slice(rawName.indexOf(':') + 1), children, text };
}

/**
 * Parses a small request body into {@link XmlElement}s and checks its root element's local name.
 *
 * @throws S3Error `MalformedXML` when the text is not well-formed XML, declares a DOCTYPE or
 *   entities, uses an undefined entity, has more or less than one root element, or the root is
 *   not `rootName`.
 */
export function parseXmlDocument(xml: string, rootName: string): XmlElement {
  if (typeof xml !== 'string') throw malformedXml('body is not a string');
  const text = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
  assertNoMarkupDeclaration(text);
  if (XMLValidator.validate(text) !== true) throw malformedXml('not well-formed');
  let nodes: RawNode[];
  try {
    nodes = parser.parse(text) as RawNode[];
  } catch (cause) {
    throw new S3Error('MalformedXML', { cause });
  }
  const root = toElement('#document', nodes);
  if (trimXml(root.text) !== '') throw malformedXml('text outside the root element');
  const [first, ...rest] = root.children;
  if (first === undefined || rest.length > 0) throw malformedXml('expected one root element');
  if (first.name !== rootName) throw malformedXml(`root element is not <${rootName}>`);
  return first;
}

/** The children named `name`. */
export function childrenNamed(parent: XmlElement, name: string): XmlElement[] {
  return parent.children.filter((c) => c.name === name);
}

/** The one child named `name`, or undefined; more than one is `MalformedXML`. */
export function optionalChild(parent: XmlElement, name: string): XmlElement | undefined {
  const found = childrenNamed(parent, name);
  if (found.length > 1) throw malformedXml(`more than one <${name}> in <${parent.name}>`);
  return found[0];
}

/** The one child named `name`; none, or more than one, is `MalformedXML`. */
export function requiredChild(parent: XmlElement, name: string): XmlElement {
  const found = optionalChild(parent, name);
  if (found === undefined) throw malformedXml(`no <${name}> in <${parent.name}>`);
  return found;
}

/**
 * The trimmed text of a leaf element, which must be one of `allowed` (compared case-sensitively,
 * as S3's schema enumerations are); anything else is `MalformedXML`.
 */
export function allowedValue<T extends string>(el: XmlElement, allowed: readonly T[]): T {
  const value = trimXml(leafText(el));
  const found = allowed.find((v) => v === value);
  if (found === undefined) throw malformedXml(`<${el.name}> is not one of ${allowed.join(', ')}`);
  return found;
}

/** Text of an element that must hold only text (no child elements). */
export function leafText(el: XmlElement): string {
  if (el.children.length > 0) throw malformedXml(`<${el.name}> must contain text only`);
  return el.text;
}

/** Checks that a container element has no text of its own besides whitespace. */
export function assertContainer(el: XmlElement): void {
  if (trimXml(el.text) !== '') throw malformedXml(`<${el.name}> must not contain text`);
}

/** Trims XML whitespace (space, tab, CR, LF) only; `String#trim` would also eat U+00A0 etc. */
export function trimXml(text: string): string {
  return text.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
}
