import { describe, expect, it } from 'vitest';
import { errorCode, useTestGateway } from '../testing/test-gateway.js';

const gateway = useTestGateway();

describe('buckets', () => {
  it('creates, lists, heads and deletes buckets with AWS errors', async () => {
    expect((await gateway().send({ method: 'PUT', path: '/photos' })).status).toBe(200);
    // Re-creating one's own bucket in us-east-1 is 200 OK (see create-bucket.test.ts).
    expect((await gateway().send({ method: 'PUT', path: '/photos' })).status).toBe(200);
    const bad = await gateway().send({ method: 'PUT', path: '/Bad_Name' });
    expect(bad.status).toBe(400);
    expect(await errorCode(bad)).toBe('InvalidBucketName');

    const head = await gateway().send({ method: 'HEAD', path: '/photos' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-amz-bucket-region')).toBe('us-east-1');
    const missing = await gateway().send({ method: 'HEAD', path: '/nope-bucket' });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('');

    const list = await (await gateway().send({ path: '/' })).text();
    expect(list).toContain('<Name>photos</Name>');

    await gateway().send({ method: 'PUT', path: '/photos/a.txt', body: 'x' });
    const notEmpty = await gateway().send({ method: 'DELETE', path: '/photos' });
    expect(notEmpty.status).toBe(409);
    expect(await errorCode(notEmpty)).toBe('BucketNotEmpty');
    await gateway().send({ method: 'DELETE', path: '/photos/a.txt' });
    expect((await gateway().send({ method: 'DELETE', path: '/photos' })).status).toBe(204);
  });

  it('answers location, acl and versioning', async () => {
    await gateway().send({ method: 'PUT', path: '/bk1' });
    const loc = await (await gateway().send({ path: '/bk1', query: { location: '' } })).text();
    expect(loc).toMatch(
      /<LocationConstraint[^>]*\/>|<LocationConstraint[^>]*><\/LocationConstraint>/,
    );
    const acl = await (await gateway().send({ path: '/bk1', query: { acl: '' } })).text();
    expect(acl).toContain('<Permission>FULL_CONTROL</Permission>');
    const ver = await (await gateway().send({ path: '/bk1', query: { versioning: '' } })).text();
    expect(ver).toContain('VersioningConfiguration');
    expect(ver).not.toContain('<Status>');
  });
});
