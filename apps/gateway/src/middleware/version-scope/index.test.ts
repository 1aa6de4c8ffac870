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
});
