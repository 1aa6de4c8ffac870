import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { errorCode, md5b64, useTestGateway } from '../testing/test-gateway.js';

// Object ownership and ACL headers: new buckets have ACLs disabled (BucketOwnerEnforced), as on
// AWS, so an ACL that would share an object is refused with S3's error and nothing is stored;
// with ACLs enabled Strata refuses (501) what it cannot honour instead of dropping it. Both
// metastores.

const postgres = await usePostgresTestDatabase();

for (const dialect of TEST_DIALECTS) {
  describe(`object ownership and ACLs on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres });
    const send = (...args: Parameters<ReturnType<typeof gateway>['send']>) =>
      gateway().send(...args);
    const put = (path: string, headers: Record<string, string> = {}) =>
      send({ method: 'PUT', path, body: 'data', headers });
    const ownership = async (bucket: string) =>
      send({ path: `/${bucket}`, query: { ownershipControls: '' } });

    it('disables ACLs on new buckets: a sharing ACL is refused and nothing is stored', async () => {
      expect((await send({ method: 'PUT', path: '/owned' })).status).toBe(200);
      expect(await (await ownership('owned')).text()).toContain(
        '<ObjectOwnership>BucketOwnerEnforced</ObjectOwnership>',
      );
      const shared = await put('/owned/a.txt', { 'x-amz-acl': 'public-read' });
      expect(shared.status).toBe(400);
      expect(await errorCode(shared)).toBe('AccessControlListNotSupported');
      const granted = await put('/owned/a.txt', {
        'x-amz-grant-read': 'uri="http://acs.amazonaws.com/groups/global/AllUsers"',
      });
      expect(await errorCode(granted)).toBe('AccessControlListNotSupported');
      expect((await send({ path: '/owned/a.txt' })).status).toBe(404);
      // What grants nothing beyond the owner is what Strata does anyway: accepted.
      expect((await put('/owned/a.txt', { 'x-amz-acl': 'bucket-owner-full-control' })).status).toBe(
        200,
      );
      expect((await put('/owned/b.txt', { 'x-amz-acl': 'private' })).status).toBe(200);
      expect(await errorCode(await put('/owned/c.txt', { 'x-amz-acl': 'world-readable' }))).toBe(
        'InvalidArgument',
      );
      const putAcl = await send({
        method: 'PUT',
        path: '/owned',
        query: { acl: '' },
        headers: { 'x-amz-acl': 'private' },
      });
      expect(await errorCode(putAcl)).toBe('AccessControlListNotSupported');
      const objectAcl = await send({ path: '/owned/a.txt', query: { acl: '' } });
      expect(await objectAcl.text()).toContain('<Permission>FULL_CONTROL</Permission>');
      // A bucket created with a sharing ACL under the default ownership is not created.
      const publicBucket = await send({
        method: 'PUT',
        path: '/pub',
        headers: { 'x-amz-acl': 'public-read' },
      });
      expect(await errorCode(publicBucket)).toBe('InvalidBucketAclWithObjectOwnership');
      expect((await send({ method: 'HEAD', path: '/pub' })).status).toBe(404);
      const badOwnership = await send({
        method: 'PUT',
        path: '/odd',
        headers: { 'x-amz-object-ownership': 'Everyone' },
      });
      expect(await errorCode(badOwnership)).toBe('InvalidArgument');
    });

    it('with ACLs enabled, refuses what it cannot honour (501), or a public ACL under BlockPublicAcls (403)', async () => {
      const created = await send({
        method: 'PUT',
        path: '/writer',
        headers: { 'x-amz-object-ownership': 'ObjectWriter' },
      });
      expect(created.status).toBe(200);
      expect(await (await ownership('writer')).text()).toContain(
        '<ObjectOwnership>ObjectWriter</ObjectOwnership>',
      );
      expect(await errorCode(await put('/writer/a.txt', { 'x-amz-acl': 'public-read' }))).toBe(
        'AccessDenied',
      );
      expect(
        (await send({ method: 'DELETE', path: '/writer', query: { publicAccessBlock: '' } }))
          .status,
      ).toBe(204);
      const unsupported = await put('/writer/a.txt', { 'x-amz-acl': 'public-read' });
      expect(unsupported.status).toBe(501);
      expect(await errorCode(unsupported)).toBe('NotImplemented');
      expect((await send({ path: '/writer/a.txt' })).status).toBe(404);
      expect((await put('/writer/a.txt')).status).toBe(200);
      const privateAcl = await send({
        method: 'PUT',
        path: '/writer/a.txt',
        query: { acl: '' },
        headers: { 'x-amz-acl': 'private' },
      });
      expect(privateAcl.status).toBe(200);
      const missing = await send({
        method: 'PUT',
        path: '/writer/nope',
        query: { acl: '' },
        headers: { 'x-amz-acl': 'private' },
      });
      expect(await errorCode(missing)).toBe('NoSuchKey');
      const document = await send({
        method: 'PUT',
        path: '/writer',
        query: { acl: '' },
        body: '<AccessControlPolicy/>',
      });
      expect(document.status).toBe(501);
    });

    it('puts, reads and deletes ownership controls', async () => {
      expect((await send({ method: 'PUT', path: '/owner-ctl' })).status).toBe(200);
      const body =
        '<OwnershipControls><Rule><ObjectOwnership>BucketOwnerPreferred</ObjectOwnership></Rule></OwnershipControls>';
      const set = await send({
        method: 'PUT',
        path: '/owner-ctl',
        query: { ownershipControls: '' },
        headers: { 'content-md5': md5b64(body) },
        body,
      });
      expect(set.status).toBe(200);
      expect(await (await ownership('owner-ctl')).text()).toContain(
        '<ObjectOwnership>BucketOwnerPreferred</ObjectOwnership>',
      );
      expect(
        (await send({ method: 'DELETE', path: '/owner-ctl', query: { ownershipControls: '' } }))
          .status,
      ).toBe(204);
      expect(await errorCode(await ownership('owner-ctl'))).toBe('OwnershipControlsNotFoundError');
      const bad = await send({
        method: 'PUT',
        path: '/owner-ctl',
        query: { ownershipControls: '' },
        body: '<OwnershipControls/>',
      });
      expect(await errorCode(bad)).toBe('MalformedXML');
    });
  });
}
