import { describe, expect, it } from 'vitest';
import {
  parsePublicAccessBlockConfiguration,
  type PublicAccessBlockConfigurationXml,
} from './parse-public-access-block-configuration.js';
import { serializePublicAccessBlockConfiguration } from './serialize-public-access-block-configuration.js';
import { expectS3Error } from './testing/expect-s3-error.js';
import { parseWithFxp } from './testing/parse-with-fxp.js';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const config = (inner: string) =>
  `<PublicAccessBlockConfiguration xmlns="${NS}">${inner}</PublicAccessBlockConfiguration>`;
const ALL_OFF: PublicAccessBlockConfigurationXml = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};
const ELEMENTS = [
  ['BlockPublicAcls', 'blockPublicAcls'],
  ['IgnorePublicAcls', 'ignorePublicAcls'],
  ['BlockPublicPolicy', 'blockPublicPolicy'],
  ['RestrictPublicBuckets', 'restrictPublicBuckets'],
] as const;

describe('parsePublicAccessBlockConfiguration', () => {
  it('reads all four switches as the SDKs send them', () => {
    expect(
      parsePublicAccessBlockConfiguration(
        `<?xml version="1.0" encoding="UTF-8"?>\n${config(
          '<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>false</IgnorePublicAcls>' +
            '<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false</RestrictPublicBuckets>',
        )}`,
      ),
    ).toEqual({
      blockPublicAcls: true,
      ignorePublicAcls: false,
      blockPublicPolicy: true,
      restrictPublicBuckets: false,
    });
  });

  it.each(ELEMENTS)('reads <%s> alone, the others off', (name, field) => {
    expect(parsePublicAccessBlockConfiguration(config(`<${name}>true</${name}>`))).toEqual({
      ...ALL_OFF,
      [field]: true,
    });
  });

  it('turns every switch off in an empty configuration, as S3 does', () => {
    expect(parsePublicAccessBlockConfiguration(config(''))).toEqual(ALL_OFF);
    expect(parsePublicAccessBlockConfiguration('<PublicAccessBlockConfiguration/>')).toEqual(
      ALL_OFF,
    );
  });

  it('takes the XML Schema forms 1 and 0, trimmed of XML whitespace, in any element order', () => {
    expect(
      parsePublicAccessBlockConfiguration(
        config(
          '\n  <RestrictPublicBuckets>\t1\r\n</RestrictPublicBuckets>\n' +
            '  <BlockPublicAcls> 0 </BlockPublicAcls>\n  <IgnorePublicAcls>\ntrue\n</IgnorePublicAcls>\n',
        ),
      ),
    ).toEqual({ ...ALL_OFF, restrictPublicBuckets: true, ignorePublicAcls: true });
  });

  it('accepts prefixed element names, CDATA and references, and ignores other elements', () => {
    expect(
      parsePublicAccessBlockConfiguration(
        `<s3:PublicAccessBlockConfiguration xmlns:s3="${NS}"><Other>x</Other>` +
          '<s3:BlockPublicPolicy><![CDATA[true]]></s3:BlockPublicPolicy>' +
          '<s3:BlockPublicAcls>&#x74;rue</s3:BlockPublicAcls><!-- c -->' +
          '</s3:PublicAccessBlockConfiguration>',
      ),
    ).toEqual({ ...ALL_OFF, blockPublicPolicy: true, blockPublicAcls: true });
  });

  it.each([
    ['not XML', 'true'],
    ['an empty body', ''],
    [
      'another root',
      '<PublicAccessBlock><BlockPublicAcls>true</BlockPublicAcls></PublicAccessBlock>',
    ],
    ['a value in upper case', config('<BlockPublicAcls>TRUE</BlockPublicAcls>')],
    ['a value in title case', config('<IgnorePublicAcls>False</IgnorePublicAcls>')],
    ['a yes', config('<BlockPublicPolicy>yes</BlockPublicPolicy>')],
    ['a 2', config('<RestrictPublicBuckets>2</RestrictPublicBuckets>')],
    ['an empty value', config('<BlockPublicAcls></BlockPublicAcls>')],
    ['an empty element', config('<BlockPublicAcls/>')],
    [
      'a non-breaking space around the value',
      config('<BlockPublicAcls>\u00a0true</BlockPublicAcls>'),
    ],
    [
      'a repeated element',
      config('<BlockPublicAcls>true</BlockPublicAcls><BlockPublicAcls>true</BlockPublicAcls>'),
    ],
    [
      'a repeated element with a prefix',
      `<PublicAccessBlockConfiguration xmlns:s3="${NS}"><RestrictPublicBuckets>false</RestrictPublicBuckets>` +
        '<s3:RestrictPublicBuckets>false</s3:RestrictPublicBuckets></PublicAccessBlockConfiguration>',
    ],
    ['a value with child elements', config('<IgnorePublicAcls><true/></IgnorePublicAcls>')],
    ['text in the root', config('true')],
    [
      'a DOCTYPE',
      `<!DOCTYPE x [<!ENTITY e "true">]>${config('<BlockPublicAcls>&e;</BlockPublicAcls>')}`,
    ],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expectS3Error(() => parsePublicAccessBlockConfiguration(xml), 'MalformedXML');
  });
});

describe('serializePublicAccessBlockConfiguration', () => {
  it('writes the namespaced configuration with all four switches, in the reference order', () => {
    expect(
      serializePublicAccessBlockConfiguration({
        blockPublicAcls: true,
        ignorePublicAcls: false,
        blockPublicPolicy: true,
        restrictPublicBuckets: false,
      }),
    ).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<PublicAccessBlockConfiguration xmlns="${NS}">` +
        '<BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>false</IgnorePublicAcls>' +
        '<BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>false</RestrictPublicBuckets>' +
        '</PublicAccessBlockConfiguration>',
    );
  });

  it('writes every switch even when all are off, readable by an ordinary client', () => {
    expect(
      parseWithFxp(serializePublicAccessBlockConfiguration(ALL_OFF)).PublicAccessBlockConfiguration,
    ).toEqual({
      '@xmlns': NS,
      BlockPublicAcls: 'false',
      IgnorePublicAcls: 'false',
      BlockPublicPolicy: 'false',
      RestrictPublicBuckets: 'false',
    });
  });

  it('round-trips all sixteen combinations through the parser', () => {
    for (let bits = 0; bits < 16; bits++) {
      const value: PublicAccessBlockConfigurationXml = {
        blockPublicAcls: (bits & 1) !== 0,
        ignorePublicAcls: (bits & 2) !== 0,
        blockPublicPolicy: (bits & 4) !== 0,
        restrictPublicBuckets: (bits & 8) !== 0,
      };
      expect(
        parsePublicAccessBlockConfiguration(serializePublicAccessBlockConfiguration(value)),
      ).toEqual(value);
    }
  });
});
