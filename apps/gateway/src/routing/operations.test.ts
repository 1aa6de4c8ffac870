import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from './operation-names.js';
import { OPERATIONS } from './operations.js';
import { resolveOperation } from './resolve-operation.js';
import { resolveTarget } from './resolve-target.js';

const HANDLERS_DIR = new URL('../handlers/', import.meta.url);
const COMPAT_DOC = new URL('../../../../docs/compatibility.md', import.meta.url);

/** `ListObjectsV2` → `list-objects-v2`: the handler file an operation lives in. */
const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
const camel = (name: string) => name[0]!.toLowerCase() + name.slice(1);

describe('the operation table', () => {
  it('has one row per operation name, and no other', () => {
    expect(OPERATIONS.map((o) => o.name).sort()).toEqual([...OPERATION_NAMES].sort());
  });

  it('routes every handlers/<operation>.ts file, and each row to its file', async () => {
    const files = readdirSync(HANDLERS_DIR)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => f.slice(0, -'.ts'.length))
      .sort();
    expect(files).toEqual(OPERATIONS.map((o) => kebab(o.name)).sort());
    for (const operation of OPERATIONS) {
      const module = (await import(
        new URL(`${kebab(operation.name)}.js`, HANDLERS_DIR).href
      )) as Record<string, unknown>;
      expect(Object.keys(module), operation.name).toEqual([camel(operation.name)]);
      expect(module[camel(operation.name)], operation.name).toBe(operation.handler);
    }
  });

  it('is what docs/compatibility.md lists (regenerate it with an e2e run)', () => {
    const doc = readFileSync(COMPAT_DOC, 'utf8');
    const section = doc.slice(doc.indexOf('## S3 operations'));
    const rows = section
      .split('\n')
      .filter((line) => /^\| [A-Z]\w+ +\|/.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim().replace(/`/g, '')));
    expect(
      rows.map(([, name, method, target, , permission]) => ({
        name,
        method,
        target,
        permission: permission?.split(' ')[0],
      })),
    ).toEqual(
      OPERATIONS.map((o) => ({
        name: o.name,
        method: o.method,
        target: o.target,
        permission: o.permission,
      })),
    );
  });
});

describe('resolveOperation', () => {
  const resolve = (method: string, url: string, copySource?: string) =>
    resolveOperation(method, resolveTarget(url, 'localhost'), copySource)?.name;

  it('takes the most specific row of a method and target', () => {
    expect(resolve('GET', '/')).toBe('ListBuckets');
    expect(resolve('GET', '/b')).toBe('ListObjects');
    expect(resolve('GET', '/b?list-type=2&prefix=a')).toBe('ListObjectsV2');
    expect(resolve('GET', '/b?list-type=1')).toBe('ListObjects');
    expect(resolve('PUT', '/b/k')).toBe('PutObject');
    expect(resolve('PUT', '/b/k', '/s/k')).toBe('CopyObject');
    expect(resolve('PUT', '/b/k?uploadId=u&partNumber=1')).toBe('UploadPart');
    expect(resolve('PUT', '/b/k?uploadId=u&partNumber=1', '/s/k')).toBe('UploadPartCopy');
    // A part needs both parameters; an uploadId alone is still a PutObject, as before.
    expect(resolve('PUT', '/b/k?uploadId=u')).toBe('PutObject');
    expect(resolve('GET', '/b/k?uploadId=u')).toBe('ListParts');
    expect(resolve('DELETE', '/b/k?uploadId=u')).toBe('AbortMultipartUpload');
    expect(resolve('POST', '/b/k?uploads')).toBe('CreateMultipartUpload');
    expect(resolve('POST', '/b/k?uploadId=u')).toBe('CompleteMultipartUpload');
    expect(resolve('POST', '/b?delete')).toBe('DeleteObjects');
    expect(resolve('GET', '/b?tagging')).toBe('GetBucketTagging');
    expect(resolve('PUT', '/b?tagging')).toBe('PutBucketTagging');
    expect(resolve('PUT', '/b?cors')).toBe('PutBucketCors');
    expect(resolve('DELETE', '/b?cors')).toBe('DeleteBucketCors');
    expect(resolve('PUT', '/b?encryption')).toBe('PutBucketEncryption');
    expect(resolve('DELETE', '/b?encryption')).toBe('DeleteBucketEncryption');
    expect(resolve('DELETE', '/b?tagging')).toBe('DeleteBucketTagging');
    expect(resolve('GET', '/b/k?tagging')).toBe('GetObjectTagging');
    expect(resolve('PUT', '/b/k?tagging')).toBe('PutObjectTagging');
    expect(resolve('DELETE', '/b/k?tagging')).toBe('DeleteObjectTagging');
    expect(resolve('PUT', '/b?object-lock')).toBe('PutObjectLockConfiguration');
    expect(resolve('GET', '/b/k?retention&versionId=null')).toBe('GetObjectRetention');
    expect(resolve('PUT', '/b/k?legal-hold')).toBe('PutObjectLegalHold');
    expect(resolve('GET', '/b/k?x-id=GetObject&versionId=null')).toBe('GetObject');
  });

  it('matches no row for what Strata does not serve (501 NotImplemented)', () => {
    expect(resolve('HEAD', '/')).toBeUndefined();
    expect(resolve('POST', '/b/k')).toBeUndefined();
    expect(resolve('PUT', '/b?requestPayment')).toBeUndefined();
    expect(resolve('GET', '/b?acl&policy')).toBeUndefined();
    expect(resolve('GET', '/b/k?restore')).toBeUndefined();
    expect(resolve('DELETE', '/b/k?retention')).toBeUndefined();
    // Object.prototype names are not sub-resources of any row.
    expect(resolve('GET', '/b?toString')).toBeUndefined();
    expect(resolve('PATCH', '/b/k')).toBeUndefined();
  });
});
