import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** An element of a parsed reply: local name, child elements, decoded text. */
export interface XmlNode {
  readonly name: string;
  readonly children: readonly XmlNode[];
  /** Text directly inside the element, entity-decoded, untrimmed (keys keep their spaces). */
  readonly text: string;
}

type RawNode = Record<string, unknown>;

// Entities are decoded below, not by the parser, so only XML's five and numeric references
// exist: a reply cannot expand entities it declares itself.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  ignoreDeclaration: true,
  ignorePiTags: true,
});
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));/g;
const PREDEFINED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

function decode(raw: string): string {
  return raw.replace(REFERENCE, (_m, name?: string, dec?: string, hex?: string) =>
    name !== undefined
      ? (PREDEFINED[name] ?? '')
      : String.fromCodePoint(Number.parseInt(dec ?? hex ?? '0', dec === undefined ? 16 : 10)),
  );
}

function toNode(rawName: string, rawChildren: unknown): XmlNode {
  const children: XmlNode[] = [];
  let text = '';
  for (const node of rawChildren as RawNode[]) {
    const key = Object.keys(node).find((k) => k !== ':@');
    if (key === undefined) continue;
    if (key === '#text') text += decode(String(node[key]));
    else if (key === '#cdata') text += toNode(key, node[key]).text;
    else children.push(toNode(key, node[key]));
  }
  return { name: rawName.slice(rawName.indexOf(':') + 1), children, text };
}

/**
 * Parses an XML reply and returns its root element, or `undefined` when the text is not
 * well-formed XML or declares a DOCTYPE.
 */
export function parseXml(xml: string): XmlNode | undefined {
  const text = xml.startsWith('\uFEFF') ? xml.slice(1) : xml;
  if (/<!DOCTYPE|<!ENTITY/i.test(text) || XMLValidator.validate(text) !== true) return undefined;
  const root = toNode('#document', parser.parse(text) as RawNode[]);
  return root.children.length === 1 ? root.children[0] : undefined;
}

/** Child elements named `name`. */
export function childrenOf(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** Text of the first child named `name`, or `undefined`. */
export function childText(node: XmlNode, name: string): string | undefined {
  return node.children.find((c) => c.name === name)?.text;
}

/** ETag without its quotes (S3 quotes ETags in XML and headers; callers compare bare values). */
export function unquote(etag: string | undefined): string | undefined {
  return etag?.replace(/^"(.*)"$/, '$1').replace(/^&quot;(.*)&quot;$/, '$1');
}
