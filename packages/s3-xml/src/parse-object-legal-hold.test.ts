import { describe, expect, it } from 'vitest';
import { LEGAL_HOLD_STATUSES, parseObjectLegalHold } from './parse-object-legal-hold.js';
import { serializeObjectLegalHold } from './serialize-object-legal-hold.js';
import { expectS3Error } from './testing/expect-s3-error.js';
import { parseWithFxp } from './testing/parse-with-fxp.js';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const legalHold = (inner: string) => `<LegalHold xmlns="${NS}">${inner}</LegalHold>`;

describe('parseObjectLegalHold', () => {
  it('reads Status, with or without namespace and declaration, trimmed', () => {
    expect(
      parseObjectLegalHold(
        `<?xml version="1.0" encoding="UTF-8"?>\n${legalHold('<Status>ON</Status>')}`,
      ),
    ).toEqual({ status: 'ON' });
    expect(parseObjectLegalHold('<LegalHold><Status>OFF</Status></LegalHold>')).toEqual({
      status: 'OFF',
    });
    expect(parseObjectLegalHold(legalHold('\n  <Status>\t ON\r\n</Status>\n'))).toEqual({
      status: 'ON',
    });
  });

  it('accepts prefixed element names and ignores other elements', () => {
    expect(
      parseObjectLegalHold(
        `<s3:LegalHold xmlns:s3="${NS}"><Other>x</Other><s3:Status>OFF</s3:Status></s3:LegalHold>`,
      ),
    ).toEqual({ status: 'OFF' });
  });

  it.each([
    ['not XML', 'ON'],
    ['an empty body', ''],
    ['another root', '<ObjectLockLegalHold><Status>ON</Status></ObjectLockLegalHold>'],
    ['no Status', legalHold('')],
    ['an empty LegalHold', '<LegalHold/>'],
    ['an unknown Status', legalHold('<Status>Enabled</Status>')],
    ['a Status in the wrong case', legalHold('<Status>on</Status>')],
    ['an empty Status', legalHold('<Status></Status>')],
    ['two Status elements', legalHold('<Status>ON</Status><Status>ON</Status>')],
    ['a Status with child elements', legalHold('<Status><ON/></Status>')],
    ['text in the root', legalHold('ON')],
    ['a DOCTYPE', `<!DOCTYPE x [<!ENTITY e "ON">]>${legalHold('<Status>&e;</Status>')}`],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expectS3Error(() => parseObjectLegalHold(xml), 'MalformedXML');
  });
});

describe('serializeObjectLegalHold', () => {
  it('writes the namespaced LegalHold with its Status', () => {
    expect(serializeObjectLegalHold('ON')).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<LegalHold xmlns="${NS}"><Status>ON</Status></LegalHold>`,
    );
    expect(parseWithFxp(serializeObjectLegalHold('OFF')).LegalHold).toEqual({
      '@xmlns': NS,
      Status: 'OFF',
    });
  });

  it('round-trips every status through the parser', () => {
    for (const status of LEGAL_HOLD_STATUSES) {
      expect(parseObjectLegalHold(serializeObjectLegalHold(status))).toEqual({ status });
    }
  });
});
