import { describe, expect, it } from 'vitest';
import { serializeAccessControlPolicy } from './serialize-access-control-policy.js';
import { serializeDeleteResult } from './serialize-delete-result.js';
import { serializeListBuckets } from './serialize-list-buckets.js';
import { serializeLocationConstraint } from './serialize-location-constraint.js';
import { serializeVersioningConfiguration } from './serialize-versioning-configuration.js';
import { parseWithFxp } from './testing/parse-with-fxp.js';

const D = new Date('2024-01-01T00:00:00.000Z');
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

describe('bucket-level serializers', () => {
  it('serializeListBuckets', () => {
    const xml = serializeListBuckets({
      owner: { id: 'oid', displayName: 'me' },
      buckets: [
        { name: 'alpha', creationDate: D, region: 'eu-west-1' },
        { name: 'beta', creationDate: new Date(Date.UTC(2020, 1, 29, 12, 30, 5, 7)) },
      ],
    });
    expect(xml).toBe(
      `${HEAD}<ListAllMyBucketsResult ${NS}><Owner><ID>oid</ID><DisplayName>me</DisplayName></Owner>` +
        '<Buckets><Bucket><Name>alpha</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate>' +
        '<BucketRegion>eu-west-1</BucketRegion></Bucket>' +
        '<Bucket><Name>beta</Name><CreationDate>2020-02-29T12:30:05.007Z</CreationDate></Bucket>' +
        '</Buckets></ListAllMyBucketsResult>',
    );
    const r = parseWithFxp(xml).ListAllMyBucketsResult as { Buckets: { Bucket: unknown[] } };
    expect(r.Buckets.Bucket).toHaveLength(2);
  });

  it('serializeListBuckets with no buckets and pagination fields', () => {
    expect(
      serializeListBuckets({
        owner: { id: 'o' },
        buckets: [],
        continuationToken: 't',
        prefix: 'p',
      }),
    ).toBe(
      `${HEAD}<ListAllMyBucketsResult ${NS}><Owner><ID>o</ID></Owner><Buckets></Buckets>` +
        '<ContinuationToken>t</ContinuationToken><Prefix>p</Prefix></ListAllMyBucketsResult>',
    );
  });

  it('serializeDeleteResult', () => {
    const xml = serializeDeleteResult({
      deleted: [
        { key: 'a&b', versionId: 'v1' },
        { key: 'c', deleteMarker: true, deleteMarkerVersionId: 'dm' },
      ],
      errors: [
        { key: '<x>', code: 'AccessDenied' },
        { key: 'y', versionId: 'v2', code: 'InternalError', message: 'boom' },
      ],
    });
    expect(xml).toBe(
      `${HEAD}<DeleteResult ${NS}>` +
        '<Deleted><Key>a&amp;b</Key><VersionId>v1</VersionId></Deleted>' +
        '<Deleted><Key>c</Key><DeleteMarker>true</DeleteMarker>' +
        '<DeleteMarkerVersionId>dm</DeleteMarkerVersionId></Deleted>' +
        '<Error><Key>&lt;x&gt;</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error>' +
        '<Error><Key>y</Key><VersionId>v2</VersionId><Code>InternalError</Code>' +
        '<Message>boom</Message></Error></DeleteResult>',
    );
    const r = parseWithFxp(xml).DeleteResult as { Error: { Key: string }[] };
    expect(r.Error[0]?.Key).toBe('<x>');
    expect(serializeDeleteResult({ deleted: [], errors: [] })).toBe(
      `${HEAD}<DeleteResult ${NS}></DeleteResult>`,
    );
  });

  it('serializeLocationConstraint: empty element for us-east-1', () => {
    const empty = `${HEAD}<LocationConstraint ${NS}/>`;
    expect(serializeLocationConstraint('us-east-1')).toBe(empty);
    expect(serializeLocationConstraint(undefined)).toBe(empty);
    expect(serializeLocationConstraint('')).toBe(empty);
    expect(serializeLocationConstraint('eu-central-1')).toBe(
      `${HEAD}<LocationConstraint ${NS}>eu-central-1</LocationConstraint>`,
    );
  });

  it('serializeAccessControlPolicy: owner with FULL_CONTROL, CanonicalUser grantee', () => {
    const xml = serializeAccessControlPolicy({ id: 'oid', displayName: 'a&b' });
    expect(xml).toBe(
      `${HEAD}<AccessControlPolicy ${NS}><Owner><ID>oid</ID><DisplayName>a&amp;b</DisplayName></Owner>` +
        '<AccessControlList><Grant>' +
        '<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser">' +
        '<ID>oid</ID><DisplayName>a&amp;b</DisplayName></Grantee>' +
        '<Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>',
    );
    const r = parseWithFxp(xml).AccessControlPolicy as {
      AccessControlList: { Grant: { Grantee: Record<string, string> }[] };
    };
    expect(r.AccessControlList.Grant[0]?.Grantee['@xsi:type']).toBe('CanonicalUser');
  });

  it('serializeVersioningConfiguration', () => {
    expect(serializeVersioningConfiguration(undefined)).toBe(
      `${HEAD}<VersioningConfiguration ${NS}/>`,
    );
    expect(serializeVersioningConfiguration('Enabled')).toBe(
      `${HEAD}<VersioningConfiguration ${NS}><Status>Enabled</Status></VersioningConfiguration>`,
    );
  });
});
