import { describe, expect, it } from 'vitest';
import { errorCode, md5b64, useTestGateway } from '../../testing/test-gateway.js';

describe('versionScope', () => {
  const gateway = useTestGateway();

  it('refuses a versionId other than null and keeps the object (DeleteObject, GET, DeleteObjects)', async () => {
    const gw = gateway();
    await gw.send({ method: 'PUT', path: '/keep' });
    await gw.send({ method: 'PUT', path: '/keep/a.txt', body: 'precious' });
    const del = await gw.send({
      method: 'DELETE',
      path: '/keep/a.txt',
      query: { versionId: 'abc' },
    });
    expect(del.status).toBe(400);
    expect(await errorCode(del)).toBe('InvalidArgument');
    expect(await (await gw.send({ path: '/keep/a.txt' })).text()).toBe('precious');
    const get = await gw.send({ path: '/keep/a.txt', query: { versionId: 'abc' } });
    expect(await errorCode(get)).toBe('InvalidArgument');

    const body = '<Delete><Object><Key>a.txt</Key><VersionId>abc</VersionId></Object></Delete>';
    const multi = await gw.send({
      method: 'POST',
      path: '/keep',
      query: { delete: '' },
      headers: { 'content-md5': md5b64(body) },
      body,
    });
    const text = await multi.text();
    expect(text).toContain('<Code>InvalidArgument</Code>');
    expect(text).not.toContain('<Deleted>');
    expect(await (await gw.send({ path: '/keep/a.txt' })).text()).toBe('precious');

    // The null version is the object itself.
    const nullVersion = await gw.send({
      method: 'DELETE',
      path: '/keep/a.txt',
      query: { versionId: 'null' },
    });
    expect(nullVersion.status).toBe(204);
    expect((await gw.send({ path: '/keep/a.txt' })).status).toBe(404);
  });

  it('lets a well-formed id reach only the operations that act on versions', async () => {
    const gw = gateway();
    const id = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    await gw.send({ method: 'PUT', path: '/scope' });
    await gw.send({ method: 'PUT', path: '/scope/a.txt', body: 'kept' });
    // PutObject and ListParts do not take one: 400 before anything is written or read.
    const put = await gw.send({
      method: 'PUT',
      path: '/scope/a.txt',
      query: { versionId: id },
      body: 'replaced?',
    });
    expect(put.status).toBe(400);
    expect(await errorCode(put)).toBe('InvalidArgument');
    const parts = await gw.send({ path: '/scope/a.txt', query: { uploadId: 'u', versionId: id } });
    expect(await errorCode(parts)).toBe('InvalidArgument');
    // GetObjectAcl does: an id no version has is 404 NoSuchVersion.
    const acl = await gw.send({ path: '/scope/a.txt', query: { acl: '', versionId: id } });
    expect(await errorCode(acl)).toBe('NoSuchVersion');
    expect(await (await gw.send({ path: '/scope/a.txt' })).text()).toBe('kept');
    // GetObject does: an id no version has is 404 NoSuchVersion, with the id in the body.
    const missing = await gw.send({ path: '/scope/a.txt', query: { versionId: id } });
    expect(missing.status).toBe(404);
    const body = await missing.text();
    expect(body).toContain('<Code>NoSuchVersion</Code>');
    expect(body).toContain(`<VersionId>${id}</VersionId>`);
    // ListObjectVersions checks its markers.
    const versions = await gw.send({
      path: '/scope',
      query: { versions: '', 'version-id-marker': id },
    });
    expect(versions.status).toBe(400);
    expect(await errorCode(versions)).toBe('InvalidArgument');
  });
});
