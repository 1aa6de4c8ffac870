import { describe, expect, it } from 'vitest';
import {
  MAX_DEFAULT_RETENTION_DAYS,
  MAX_DEFAULT_RETENTION_YEARS,
  OBJECT_LOCK_MODES,
  parseObjectLockConfiguration,
  type ObjectLockConfigurationXml,
} from './parse-object-lock-configuration.js';
import type { S3Error } from './s3-error.js';
import { serializeObjectLockConfiguration } from './serialize-object-lock-configuration.js';
import { expectS3Error } from './testing/expect-s3-error.js';
import { parseWithFxp } from './testing/parse-with-fxp.js';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const config = (inner: string) =>
  `<ObjectLockConfiguration xmlns="${NS}">${inner}</ObjectLockConfiguration>`;
const enabled = '<ObjectLockEnabled>Enabled</ObjectLockEnabled>';
const oneDay = '<DefaultRetention><Mode>GOVERNANCE</Mode><Days>1</Days></DefaultRetention>';
const rule = (inner: string) =>
  config(`${enabled}<Rule><DefaultRetention>${inner}</DefaultRetention></Rule>`);

describe('parseObjectLockConfiguration', () => {
  it('reads a default retention in days or in years', () => {
    expect(
      parseObjectLockConfiguration(
        `<?xml version="1.0" encoding="UTF-8"?>\n${rule('<Mode>GOVERNANCE</Mode><Days>30</Days>')}`,
      ),
    ).toEqual({ defaultRetention: { mode: 'GOVERNANCE', days: 30 } });
    // AWS documents the order Days, Mode, Years; any order is read.
    expect(parseObjectLockConfiguration(rule('<Years>7</Years><Mode>COMPLIANCE</Mode>'))).toEqual({
      defaultRetention: { mode: 'COMPLIANCE', years: 7 },
    });
  });

  it('reads a configuration without a Rule as one without a default retention', () => {
    expect(parseObjectLockConfiguration(config(enabled))).toEqual({});
    expect(
      parseObjectLockConfiguration(`<ObjectLockConfiguration>${enabled}</ObjectLockConfiguration>`),
    ).toEqual({});
  });

  it('trims XML whitespace around values and between elements', () => {
    expect(
      parseObjectLockConfiguration(
        config(
          '\n  <ObjectLockEnabled> Enabled\n</ObjectLockEnabled>\n  <Rule>\n    <DefaultRetention>\n' +
            '      <Mode>\tGOVERNANCE </Mode>\n      <Days>\r\n 0030 </Days>\n    </DefaultRetention>\n  </Rule>\n',
        ),
      ),
    ).toEqual({ defaultRetention: { mode: 'GOVERNANCE', days: 30 } });
  });

  it('accepts prefixed element names, a leading +, the limits, and ignores other elements', () => {
    expect(
      parseObjectLockConfiguration(
        `<s3:ObjectLockConfiguration xmlns:s3="${NS}"><s3:ObjectLockEnabled>Enabled</s3:ObjectLockEnabled>` +
          '<s3:Rule><s3:DefaultRetention><s3:Mode>COMPLIANCE</s3:Mode><s3:Days>+1</s3:Days>' +
          '<Other/></s3:DefaultRetention><Other>x</Other></s3:Rule></s3:ObjectLockConfiguration>',
      ),
    ).toEqual({ defaultRetention: { mode: 'COMPLIANCE', days: 1 } });
    expect(
      parseObjectLockConfiguration(
        rule(`<Mode>GOVERNANCE</Mode><Days>${MAX_DEFAULT_RETENTION_DAYS}</Days>`),
      ),
    ).toEqual({ defaultRetention: { mode: 'GOVERNANCE', days: 36_500 } });
    expect(
      parseObjectLockConfiguration(
        rule(`<Mode>GOVERNANCE</Mode><Years>${MAX_DEFAULT_RETENTION_YEARS}</Years>`),
      ),
    ).toEqual({ defaultRetention: { mode: 'GOVERNANCE', years: 100 } });
  });

  it.each([
    ['not XML', 'Enabled'],
    ['an empty body', ''],
    ['another root', `<ObjectLock>${enabled}</ObjectLock>`],
    ['no ObjectLockEnabled', config('')],
    ['a Rule without ObjectLockEnabled', config(`<Rule>${oneDay}</Rule>`)],
    ['an ObjectLockEnabled of Disabled', config('<ObjectLockEnabled>Disabled</ObjectLockEnabled>')],
    [
      'an ObjectLockEnabled in the wrong case',
      config('<ObjectLockEnabled>enabled</ObjectLockEnabled>'),
    ],
    ['an empty ObjectLockEnabled', config('<ObjectLockEnabled/>')],
    ['two ObjectLockEnabled', config(enabled + enabled)],
    ['a Rule without DefaultRetention', config(`${enabled}<Rule></Rule>`)],
    ['two Rules', config(enabled + `<Rule>${oneDay}</Rule>`.repeat(2))],
    ['two DefaultRetentions', config(`${enabled}<Rule>${oneDay.repeat(2)}</Rule>`)],
    ['no Mode', rule('<Days>1</Days>')],
    ['an unknown Mode', rule('<Mode>LEGAL</Mode><Days>1</Days>')],
    ['a Mode in the wrong case', rule('<Mode>Governance</Mode><Days>1</Days>')],
    ['an empty Mode', rule('<Mode></Mode><Days>1</Days>')],
    ['two Modes', rule('<Mode>GOVERNANCE</Mode><Mode>GOVERNANCE</Mode><Days>1</Days>')],
    ['neither Days nor Years', rule('<Mode>GOVERNANCE</Mode>')],
    ['both Days and Years', rule('<Mode>GOVERNANCE</Mode><Days>1</Days><Years>1</Years>')],
    ['two Days', rule('<Mode>GOVERNANCE</Mode><Days>1</Days><Days>1</Days>')],
    ['Days as a decimal fraction', rule('<Mode>GOVERNANCE</Mode><Days>1.5</Days>')],
    ['Days in exponent form', rule('<Mode>GOVERNANCE</Mode><Days>1e2</Days>')],
    ['Days in hexadecimal', rule('<Mode>GOVERNANCE</Mode><Days>0x10</Days>')],
    ['Days as a word', rule('<Mode>GOVERNANCE</Mode><Days>ten</Days>')],
    ['empty Days', rule('<Mode>GOVERNANCE</Mode><Days></Days>')],
    ['Days with a space inside', rule('<Mode>GOVERNANCE</Mode><Days>1 0</Days>')],
    ['Days in Arabic-Indic digits', rule('<Mode>GOVERNANCE</Mode><Days>١٠</Days>')],
    ['Years with child elements', rule('<Mode>GOVERNANCE</Mode><Years><n>1</n></Years>')],
    ['text in the DefaultRetention', rule('x<Mode>GOVERNANCE</Mode><Days>1</Days>')],
    ['a malformed document with a period out of range', rule('<Mode>WORM</Mode><Days>0</Days>')],
    [
      'a DOCTYPE',
      `<!DOCTYPE x [<!ENTITY e "Enabled">]>${config('<ObjectLockEnabled>&e;</ObjectLockEnabled>')}`,
    ],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expectS3Error(() => parseObjectLockConfiguration(xml), 'MalformedXML');
  });

  it.each([
    ['Days', '0'],
    ['Days', '-1'],
    ['Days', '-0'],
    ['Years', '0'],
    ['Years', '-50'],
  ])('rejects %s of %s as InvalidRetentionPeriod: not positive', (name, value) => {
    const err = expectS3Error(
      () =>
        parseObjectLockConfiguration(rule(`<Mode>GOVERNANCE</Mode><${name}>${value}</${name}>`)),
      'InvalidRetentionPeriod',
    ) as S3Error;
    expect(err.status).toBe(400);
    expect(err.message).toBe('Default retention period must be a positive integer value.');
    expect(err.extra).toEqual({ ArgumentName: name });
  });

  it.each([
    ['Days', String(MAX_DEFAULT_RETENTION_DAYS + 1)],
    ['Days', '99999999999999999999999999'],
    ['Years', String(MAX_DEFAULT_RETENTION_YEARS + 1)],
    ['Years', '36500'],
  ])('rejects %s of %s as InvalidRetentionPeriod: too large', (name, value) => {
    const err = expectS3Error(
      () =>
        parseObjectLockConfiguration(rule(`<Mode>COMPLIANCE</Mode><${name}>${value}</${name}>`)),
      'InvalidRetentionPeriod',
    ) as S3Error;
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/too large/);
    expect(err.extra).toEqual({ ArgumentName: name });
  });
});

describe('serializeObjectLockConfiguration', () => {
  it('writes ObjectLockEnabled alone for a bucket without a default retention', () => {
    expect(serializeObjectLockConfiguration({})).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<ObjectLockConfiguration xmlns="${NS}">` +
        '<ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>',
    );
  });

  it('writes the Rule with Mode and the one period', () => {
    expect(
      serializeObjectLockConfiguration({ defaultRetention: { mode: 'COMPLIANCE', days: 30 } }),
    ).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<ObjectLockConfiguration xmlns="${NS}">` +
        '<ObjectLockEnabled>Enabled</ObjectLockEnabled><Rule><DefaultRetention><Mode>COMPLIANCE</Mode>' +
        '<Days>30</Days></DefaultRetention></Rule></ObjectLockConfiguration>',
    );
    const doc = parseWithFxp(
      serializeObjectLockConfiguration({ defaultRetention: { mode: 'GOVERNANCE', years: 5 } }),
    );
    // What an SDK reads: the namespaced root with the period as text.
    expect(doc.ObjectLockConfiguration).toEqual({
      '@xmlns': NS,
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Years: '5' } },
    });
  });

  it('round-trips through the parser', () => {
    const configs: ObjectLockConfigurationXml[] = [{}];
    for (const mode of OBJECT_LOCK_MODES) {
      configs.push({ defaultRetention: { mode, days: 1 } });
      configs.push({ defaultRetention: { mode, days: MAX_DEFAULT_RETENTION_DAYS } });
      configs.push({ defaultRetention: { mode, years: 1 } });
      configs.push({ defaultRetention: { mode, years: MAX_DEFAULT_RETENTION_YEARS } });
    }
    for (const c of configs) {
      expect(parseObjectLockConfiguration(serializeObjectLockConfiguration(c))).toEqual(c);
    }
  });

  it('throws TypeError for both or neither period, or a period that is not an integer', () => {
    expect(() =>
      serializeObjectLockConfiguration({ defaultRetention: { mode: 'GOVERNANCE' } }),
    ).toThrow(TypeError);
    expect(() =>
      serializeObjectLockConfiguration({
        defaultRetention: { mode: 'GOVERNANCE', days: 1, years: 1 },
      }),
    ).toThrow(TypeError);
    expect(() =>
      serializeObjectLockConfiguration({ defaultRetention: { mode: 'GOVERNANCE', days: 1.5 } }),
    ).toThrow(TypeError);
  });
});
