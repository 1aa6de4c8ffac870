import { describe, expect, it } from 'vitest';
import {
  MFA_DELETE_STATUSES,
  parseVersioningConfiguration,
} from './parse-versioning-configuration.js';
import {
  VERSIONING_STATUSES,
  serializeVersioningConfiguration,
} from './serialize-versioning-configuration.js';
import { expectS3Error } from './testing/expect-s3-error.js';

const config = (inner: string) =>
  `<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</VersioningConfiguration>`;

describe('parseVersioningConfiguration', () => {
  it('reads Status and MfaDelete', () => {
    expect(
      parseVersioningConfiguration(
        `<?xml version="1.0" encoding="UTF-8"?>\n${config('<Status>Enabled</Status><MfaDelete>Disabled</MfaDelete>')}`,
      ),
    ).toEqual({ status: 'Enabled', mfaDelete: 'Disabled' });
    expect(
      parseVersioningConfiguration(
        config('<MfaDelete>\n Enabled </MfaDelete><Status> Suspended\n</Status>'),
      ),
    ).toEqual({ status: 'Suspended', mfaDelete: 'Enabled' });
  });

  it('takes every allowed value, each element alone, and reads what the serializer writes', () => {
    for (const status of VERSIONING_STATUSES) {
      expect(parseVersioningConfiguration(config(`<Status>${status}</Status>`))).toEqual({
        status,
      });
      expect(parseVersioningConfiguration(serializeVersioningConfiguration(status))).toEqual({
        status,
      });
    }
    for (const mfaDelete of MFA_DELETE_STATUSES) {
      expect(parseVersioningConfiguration(config(`<MfaDelete>${mfaDelete}</MfaDelete>`))).toEqual({
        mfaDelete,
      });
    }
  });

  it('reads an empty configuration as {}, leaving the decision to the caller', () => {
    expect(parseVersioningConfiguration(config(''))).toEqual({});
    expect(parseVersioningConfiguration('<VersioningConfiguration/>')).toEqual({});
    expect(parseVersioningConfiguration(serializeVersioningConfiguration(undefined))).toEqual({});
  });

  it('accepts prefixed element names and ignores other elements', () => {
    expect(
      parseVersioningConfiguration(
        '<s3:VersioningConfiguration xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/">' +
          '<s3:Status>Enabled</s3:Status><Other>x</Other></s3:VersioningConfiguration>',
      ),
    ).toEqual({ status: 'Enabled' });
  });

  it.each([
    ['not XML', 'Enabled'],
    ['an empty body', ''],
    ['another root', '<Versioning><Status>Enabled</Status></Versioning>'],
    ['an unknown Status', config('<Status>On</Status>')],
    ['a Status in the wrong case', config('<Status>enabled</Status>')],
    ['a Status of Disabled', config('<Status>Disabled</Status>')],
    ['an empty Status', config('<Status></Status>')],
    ['an MfaDelete of Suspended', config('<MfaDelete>Suspended</MfaDelete>')],
    ['two Status elements', config('<Status>Enabled</Status><Status>Enabled</Status>')],
    ['a Status with child elements', config('<Status><Enabled/></Status>')],
    ['text in the root', config('Enabled')],
    ['a DOCTYPE', `<!DOCTYPE x [<!ENTITY e "Enabled">]>${config('<Status>&e;</Status>')}`],
  ])('rejects %s as MalformedXML', (_name, xml) => {
    expectS3Error(() => parseVersioningConfiguration(xml), 'MalformedXML');
  });
});
