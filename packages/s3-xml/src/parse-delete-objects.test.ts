import { describe, expect, it } from 'vitest';
import { escapeXml } from './escape-xml.js';
import { parseDeleteObjects } from './parse-delete-objects.js';
import { expectS3Error } from './testing/expect-s3-error.js';

const wrap = (objects: string, extra = ''): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${extra}${objects}</Delete>`;
const obj = (key: string): string => `<Object><Key>${key}</Key></Object>`;

describe('parseDeleteObjects', () => {
  it('parses objects, versions and Quiet', () => {
    const xml = wrap(
      `\n  ${obj('a.txt')}\n  <Object><Key>b</Key><VersionId>v1</VersionId></Object>\n`,
      '<Quiet>true</Quiet>',
    );
    expect(parseDeleteObjects(xml)).toEqual({
      quiet: true,
      objects: [{ key: 'a.txt' }, { key: 'b', versionId: 'v1' }],
    });
  });

  it('defaults Quiet to false and accepts the xs:boolean spellings', () => {
    expect(parseDeleteObjects(wrap(obj('k'))).quiet).toBe(false);
    expect(parseDeleteObjects(wrap(obj('k'), '<Quiet> false </Quiet>')).quiet).toBe(false);
    expect(parseDeleteObjects(wrap(obj('k'), '<Quiet>1</Quiet>')).quiet).toBe(true);
    expectS3Error(() => parseDeleteObjects(wrap(obj('k'), '<Quiet>yes</Quiet>')), 'MalformedXML');
    expectS3Error(
      () => parseDeleteObjects(wrap(obj('k'), '<Quiet>true</Quiet><Quiet>true</Quiet>')),
      'MalformedXML',
    );
  });

  it('decodes keys exactly: entities, numeric references, whitespace, newlines, CDATA', () => {
    const keys = parseDeleteObjects(
      wrap(
        obj('a &amp; b') +
          obj('&#x1F600;&#65;&lt;&gt;&quot;&apos;') +
          obj('  lead and trail  ') +
          obj('line1\nline2\ttab') +
          obj('cr&#xD;kept') +
          obj('<![CDATA[<raw> & &amp;]]>') +
          obj('0') +
          obj('true'),
      ),
    ).objects.map((o) => o.key);
    expect(keys).toEqual([
      'a & b',
      '😀A<>"\'',
      '  lead and trail  ',
      'line1\nline2\ttab',
      'cr\rkept',
      '<raw> & &amp;',
      '0',
      'true',
    ]);
  });

  it('round-trips keys escaped by escapeXml', () => {
    const keys = [`&<>"'`, ' x ', 'a\r\nb', 'ünï 😀', 'a/b/../c'];
    const parsed = parseDeleteObjects(wrap(keys.map((k) => obj(escapeXml(k))).join('')));
    expect(parsed.objects.map((o) => o.key)).toEqual(keys);
  });

  it('accepts a namespace prefix, reads a conditional ETag and ignores unknown elements', () => {
    const xml =
      '<s3:Delete xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:Object><s3:Key>k</s3:Key>' +
      '<s3:ETag> "e" </s3:ETag><s3:Size>3</s3:Size></s3:Object><!-- note --></s3:Delete>';
    expect(parseDeleteObjects(xml)).toEqual({ quiet: false, objects: [{ key: 'k', etag: '"e"' }] });
  });

  it('takes 1000 objects and refuses 1001 or none', () => {
    expect(parseDeleteObjects(wrap(obj('k').repeat(1000))).objects).toHaveLength(1000);
    expectS3Error(() => parseDeleteObjects(wrap(obj('k').repeat(1001))), 'MalformedXML');
    expectS3Error(() => parseDeleteObjects(wrap('')), 'MalformedXML');
    expectS3Error(() => parseDeleteObjects(wrap('', '<Quiet>true</Quiet>')), 'MalformedXML');
  });

  it.each([
    ['empty body', ''],
    ['not XML', 'hello'],
    ['unclosed root', '<Delete><Object><Key>k</Key></Object>'],
    ['mismatched tags', '<Delete><Object><Key>k</Object></Key></Delete>'],
    ['wrong root', '<Remove><Object><Key>k</Key></Object></Remove>'],
    ['two roots', `${wrap(obj('k'))}<Delete/>`],
    ['text after root', `${wrap(obj('k'))}trailing`],
    ['missing Key', wrap('<Object><VersionId>v</VersionId></Object>')],
    ['empty Key', wrap(obj(''))],
    ['two Keys', wrap('<Object><Key>a</Key><Key>b</Key></Object>')],
    ['element inside Key', wrap(obj('a<b/>c'))],
    ['text inside Object', wrap('<Object>junk<Key>k</Key></Object>')],
    ['text inside Delete', wrap(`junk${obj('k')}`)],
    ['undefined entity', wrap(obj('&nbsp;'))],
    ['bare ampersand', wrap(obj('a & b'))],
    ['reference to a control character', wrap(obj('&#x1;'))],
    ['reference to NUL', wrap(obj('&#0;'))],
    ['literal control character', wrap(obj('a\u0001b'))],
    ['prototype-polluting name', wrap(`<__proto__><Key>k</Key></__proto__>${obj('k')}`)],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expectS3Error(() => parseDeleteObjects(xml), 'MalformedXML');
  });

  // Found by parse-delete-objects.fuzz.test.ts: `<!` anywhere in the body was taken for a DOCTYPE.
  it('accepts "<!" inside CDATA sections and comments', () => {
    const xml = wrap(`<!-- <!x -->${obj('<![CDATA[<! ]]>')}${obj('<![CDATA[<!DOCTYPE a>]]>')}`);
    expect(parseDeleteObjects(xml).objects).toEqual([{ key: '<! ' }, { key: '<!DOCTYPE a>' }]);
    expectS3Error(
      () => parseDeleteObjects(wrap(`<!-- c -->${obj('k')}<!DOCTYPE a>`)),
      'MalformedXML',
    );
    // `<!--` in an attribute value opens no comment: the declaration after it is still found.
    expectS3Error(
      () =>
        parseDeleteObjects(
          '<Delete a="<!--"><!DOCTYPE d [<!ENTITY e "y">]><Object b="-->"><Key>k</Key></Object></Delete>',
        ),
      'MalformedXML',
    );
  });

  it('rejects DOCTYPE and entity declarations (XXE, billion laughs)', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE Delete [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      '<Delete><Object><Key>&xxe;</Key></Object></Delete>';
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
      '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
      '<Delete><Object><Key>&lol3;</Key></Object></Delete>';
    const internal = '<!DOCTYPE Delete><Delete><Object><Key>k</Key></Object></Delete>';
    for (const xml of [xxe, laughs, internal]) {
      expectS3Error(() => parseDeleteObjects(xml), 'MalformedXML');
    }
  });

  it('rejects non-string input', () => {
    expectS3Error(() => parseDeleteObjects(undefined as unknown as string), 'MalformedXML');
  });
});
