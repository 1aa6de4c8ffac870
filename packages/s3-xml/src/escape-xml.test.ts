import { describe, expect, it } from 'vitest';
import { escapeXml } from './escape-xml.js';
import { parseXmlDocument } from './internal/parse-xml-document.js';
import { parseWithFxp } from './testing/parse-with-fxp.js';

const KEYS = [
  `a&b<c>d"e'f`,
  '&amp; already escaped',
  '  leading and trailing  ',
  'line\nbreak\ttab',
  'carriage\r\nreturn\r',
  'emoji 😀 and ünïcödé 中文',
  ']]> cdata end',
  '',
];

describe('escapeXml', () => {
  it('escapes the five XML specials and CR', () => {
    expect(escapeXml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&apos;');
    expect(escapeXml('a\rb')).toBe('a&#xD;b');
    expect(escapeXml('plain/key.txt')).toBe('plain/key.txt');
    expect(escapeXml('tab\tnl\n')).toBe('tab\tnl\n');
  });

  it('writes characters XML 1.0 cannot carry as numeric references, like S3', () => {
    expect(escapeXml('a\u0001b\u001Fc\u0000')).toBe('a&#x1;b&#x1F;c&#x0;');
    expect(escapeXml('\uFFFE\uFFFF')).toBe('&#xFFFE;&#xFFFF;');
    expect(escapeXml('lone \uD800 high, lone \uDC00 low')).toBe(
      'lone &#xD800; high, lone &#xDC00; low',
    );
    expect(escapeXml('pair 😀')).toBe('pair 😀');
  });

  it.each(KEYS)('round-trips %j through fast-xml-parser and the strict parser', (key) => {
    const doc = `<?xml version="1.0" encoding="UTF-8"?>\n<R><Key>${escapeXml(key)}</Key></R>`;
    expect((parseWithFxp(doc).R as { Key: string }).Key).toBe(key);
    const root = parseXmlDocument(doc, 'R');
    expect(root.children[0]?.text).toBe(key);
  });
});
