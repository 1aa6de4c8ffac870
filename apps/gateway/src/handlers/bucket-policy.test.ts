import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import type { AccessScope } from '../auth/access-control.js';
import {
  errorCode,
  md5b64,
  postFormRequest,
  useTestGateway,
  type TestKey,
} from '../testing/test-gateway.js';

// Bucket policies and the public access block as a user meets them: an owner shares a bucket
// with another tenant and publishes a prefix to anonymous callers, a deny beats everyone but the
// owner's hold on the policy itself, and every refusal is 403 AccessDenied with nothing changed.
// Both metastores (PostgreSQL behind the latency proxy).

const postgres = await usePostgresTestDatabase();

function tenantKey(id: string, account: string, user: string, buckets?: string[]): TestKey {
  const scope: AccessScope = {
    owner: `canon-${account}`,
    tenant: `t${account}`,
    buckets: buckets && new Set(buckets),
    principal: {
      type: 'user',
      account,
      canonicalId: `canon-${account}`,
      arn: `arn:aws:iam::${account}:user/${user}`,
      userName: user,
      userId: id,
    },
  };
  return { accessKeyId: id, secretAccessKey: `${id}-secret-0123456789`, scope };
}

const ALICE = tenantKey('ALICEKEY000000000001', '111111111111', 'alice');
const ALICE_SITE = tenantKey('ALICESITE00000000001', '111111111111', 'site-bot', ['site']);
const BOB = tenantKey('BOBKEY00000000000001', '222222222222', 'bob');

const policy = (...statements: object[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

for (const dialect of TEST_DIALECTS) {
  describe(`bucket policies on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres, keys: [ALICE, ALICE_SITE, BOB] });
    const send = (...args: Parameters<ReturnType<typeof gateway>['send']>) =>
      gateway().send(...args);
    const as = (key: TestKey | undefined) => (key === undefined ? { unsigned: true } : { key });
    const get = (path: string, key?: TestKey, query?: Record<string, string>) =>
      send({ path, ...as(key), ...(query ? { query } : {}) });
    const put = (path: string, body: string, key?: TestKey) =>
      send({ method: 'PUT', path, body, ...as(key) });
    const putPolicy = (bucket: string, document: string, key: TestKey = ALICE) =>
      send({ method: 'PUT', path: `/${bucket}`, query: { policy: '' }, body: document, key });
    const unblock = async (bucket: string) =>
      expect(
        (
          await send({
            method: 'DELETE',
            path: `/${bucket}`,
            query: { publicAccessBlock: '' },
            key: ALICE,
          })
        ).status,
      ).toBe(204);
    const bucketWith = async (bucket: string, objects: Record<string, string>) => {
      expect((await send({ method: 'PUT', path: `/${bucket}`, key: ALICE })).status).toBe(200);
      for (const [key, body] of Object.entries(objects)) {
        expect((await put(`/${bucket}/${key}`, body, ALICE)).status).toBe(200);
      }
    };

    it('shares a bucket read-only with another tenant', async () => {
      await bucketWith('shared', { 'report.csv': 'a,b\n1,2\n' });
      // Without a policy, another tenant's key gets nothing.
      expect(await errorCode(await get('/shared/report.csv', BOB))).toBe('AccessDenied');
      const readOnly = policy({
        Sid: 'BobReads',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::222222222222:root' },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: ['arn:aws:s3:::shared', 'arn:aws:s3:::shared/*'],
      });
      expect((await putPolicy('shared', readOnly)).status).toBe(204);
      const got = await get('/shared/report.csv', BOB);
      expect(got.status).toBe(200);
      expect(await got.text()).toBe('a,b\n1,2\n');
      const listed = await get('/shared', BOB, { 'list-type': '2' });
      expect(await listed.text()).toContain('<Key>report.csv</Key>');
      // Writing and deleting were not granted: refused, and the object is as it was.
      expect(await errorCode(await put('/shared/report.csv', 'overwritten', BOB))).toBe(
        'AccessDenied',
      );
      const del = await send({ method: 'DELETE', path: '/shared/report.csv', key: BOB });
      expect(await errorCode(del)).toBe('AccessDenied');
      expect(await (await get('/shared/report.csv', ALICE)).text()).toBe('a,b\n1,2\n');
      // The policy reads back as it was sent; another account cannot read or change it, even
      // with a policy that would let it (405, as on S3).
      const readBack = await send({ path: '/shared', query: { policy: '' }, key: ALICE });
      expect(readBack.headers.get('content-type')).toBe('application/json');
      expect(await readBack.text()).toBe(readOnly);
      expect((await putPolicy('shared', readOnly, BOB)).status).toBe(403);
      await putPolicy(
        'shared',
        policy({
          Effect: 'Allow',
          Principal: { AWS: '222222222222' },
          Action: 's3:*',
          Resource: ['arn:aws:s3:::shared', 'arn:aws:s3:::shared/*'],
        }),
      );
      expect(await errorCode(await putPolicy('shared', readOnly, BOB))).toBe('MethodNotAllowed');
      // A version is a permission of its own: s3:GetObject does not read one by id.
      await putPolicy('shared', readOnly);
      const byVersion = await get('/shared/report.csv', BOB, { versionId: 'null' });
      expect(await errorCode(byVersion)).toBe('AccessDenied');
    });

    it('publishes a prefix to anonymous callers once the public access block allows it', async () => {
      await bucketWith('site', { 'public/index.html': '<h1>hi</h1>', 'private/key.pem': 'secret' });
      // Anonymous callers get AccessDenied, never a signature error.
      expect(await errorCode(await get('/site/public/index.html'))).toBe('AccessDenied');
      const publicRead = policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::site/public/*',
      });
      // New buckets block public policies (AWS's default since 2023): refused, nothing stored.
      const blocked = await putPolicy('site', publicRead);
      expect(blocked.status).toBe(403);
      expect(await errorCode(blocked)).toBe('AccessDenied');
      expect(
        await errorCode(await send({ path: '/site', query: { policy: '' }, key: ALICE })),
      ).toBe('NoSuchBucketPolicy');
      const pab = await send({ path: '/site', query: { publicAccessBlock: '' }, key: ALICE });
      expect(await pab.text()).toContain('<BlockPublicPolicy>true</BlockPublicPolicy>');
      await unblock('site');
      expect((await putPolicy('site', publicRead)).status).toBe(204);
      const status = await send({ path: '/site', query: { policyStatus: '' }, key: ALICE });
      expect(await status.text()).toContain('<IsPublic>true</IsPublic>');

      const page = await get('/site/public/index.html');
      expect(page.status).toBe(200);
      expect(await page.text()).toBe('<h1>hi</h1>');
      expect(await errorCode(await get('/site/private/key.pem'))).toBe('AccessDenied');
      expect(await errorCode(await put('/site/public/index.html', 'defaced'))).toBe('AccessDenied');
      expect(await (await get('/site/public/index.html')).text()).toBe('<h1>hi</h1>');
      // ListBuckets and CreateBucket are never anonymous.
      expect(await errorCode(await get('/'))).toBe('AccessDenied');
      expect(
        await errorCode(await send({ method: 'PUT', path: '/anon-bucket', unsigned: true })),
      ).toBe('AccessDenied');

      // RestrictPublicBuckets: a public policy then lets only the owner's account in.
      const restrict =
        '<PublicAccessBlockConfiguration><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>';
      const restricted = await send({
        method: 'PUT',
        path: '/site',
        query: { publicAccessBlock: '' },
        headers: { 'content-md5': md5b64(restrict) },
        body: restrict,
        key: ALICE,
      });
      expect(restricted.status).toBe(200);
      expect(await errorCode(await get('/site/public/index.html'))).toBe('AccessDenied');
      // A bucket key of the owner's account is in that account: the policy still counts for it.
      expect((await get('/site/public/index.html', ALICE_SITE)).status).toBe(200);
    });

    it('lets an explicit deny beat every allow, but never lock the owner out of the policy', async () => {
      await bucketWith('vault', { 'ledger.txt': 'v1' });
      const denyDeletes = policy({
        Sid: 'NoDeletes',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:DeleteObject', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy'],
        Resource: ['arn:aws:s3:::vault', 'arn:aws:s3:::vault/*'],
      });
      expect((await putPolicy('vault', denyDeletes)).status).toBe(204);
      const del = await send({ method: 'DELETE', path: '/vault/ledger.txt', key: ALICE });
      expect(await errorCode(del)).toBe('AccessDenied');
      expect(await (await get('/vault/ledger.txt', ALICE)).text()).toBe('v1');
      // The owner's tenant keys keep Put/DeleteBucketPolicy whatever the policy says.
      const removed = await send({
        method: 'DELETE',
        path: '/vault',
        query: { policy: '' },
        key: ALICE,
      });
      expect(removed.status).toBe(204);
      expect((await send({ method: 'DELETE', path: '/vault/ledger.txt', key: ALICE })).status).toBe(
        204,
      );
    });

    it('lets an anonymous browser form in only where a policy grants the anonymous principal', async () => {
      await bucketWith('dropbox', {});
      const anonymousForm = (key: string) => send(postFormRequest('dropbox', key, [], 'anonymous'));
      const denied = await anonymousForm('in/a.txt');
      expect([denied.status, await errorCode(denied)]).toEqual([403, 'AccessDenied']);
      await unblock('dropbox');
      const dropIn = policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::dropbox/in/*',
      });
      expect((await putPolicy('dropbox', dropIn)).status).toBe(204);
      expect((await anonymousForm('in/a.txt')).status).toBe(204);
      expect(await (await get('/dropbox/in/a.txt', ALICE)).text()).toBe('form body');
      const outside = await anonymousForm('out/b.txt');
      expect([outside.status, await errorCode(outside)]).toEqual([403, 'AccessDenied']);
      expect((await get('/dropbox/out/b.txt', ALICE)).status).toBe(404);
    });

    it("checks the actions a write's headers or a form's fields ask for: tags need s3:PutObjectTagging", async () => {
      await bucketWith('labels', {});
      const noTags = policy({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObjectTagging',
        Resource: 'arn:aws:s3:::labels/*',
      });
      expect((await putPolicy('labels', noTags)).status).toBe(204);
      const tagged = await send({
        method: 'PUT',
        path: '/labels/h',
        body: 'x',
        headers: { 'x-amz-tagging': 'a=1' },
        key: ALICE,
      });
      expect(await errorCode(tagged)).toBe('AccessDenied');
      const post = (key: string, tagging?: string) =>
        send(
          postFormRequest(
            'labels',
            key,
            tagging === undefined ? [] : [['tagging', tagging]],
            ALICE,
          ),
        );
      const form = await post(
        'f',
        '<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>',
      );
      expect([form.status, await errorCode(form)]).toEqual([403, 'AccessDenied']);
      expect((await get('/labels/f', ALICE)).status).toBe(404);
      // Without tags the same form is let in.
      expect((await post('plain')).status).toBe(204);
      expect(await (await get('/labels/plain', ALICE)).text()).toBe('form body');
    });

    it('authorizes each key of a DeleteObjects on its own', async () => {
      await bucketWith('scratch', { 'tmp/a': 'a', 'keep/b': 'b' });
      await putPolicy(
        'scratch',
        policy({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::222222222222:user/bob' },
          Action: 's3:DeleteObject',
          Resource: 'arn:aws:s3:::scratch/tmp/*',
        }),
      );
      const body =
        '<Delete><Object><Key>tmp/a</Key></Object><Object><Key>keep/b</Key></Object></Delete>';
      const res = await send({
        method: 'POST',
        path: '/scratch',
        query: { delete: '' },
        headers: { 'content-md5': md5b64(body) },
        body,
        key: BOB,
      });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toMatch(/<Deleted><Key>tmp\/a<\/Key>/);
      expect(text).toMatch(/<Error><Key>keep\/b<\/Key><Code>AccessDenied<\/Code>/);
      expect((await get('/scratch/tmp/a', ALICE)).status).toBe(404);
      expect(await (await get('/scratch/keep/b', ALICE)).text()).toBe('b');
    });

    it('evaluates conditions on the request and on the object', async () => {
      await bucketWith('teams', { 'home/bob/notes.txt': 'n', 'home/carol/x.txt': 'x' });
      const tagged = 'blue.txt';
      expect(
        (
          await send({
            method: 'PUT',
            path: `/teams/${tagged}`,
            body: 'blue',
            headers: { 'x-amz-tagging': 'team=blue' },
            key: ALICE,
          })
        ).status,
      ).toBe(200);
      await putPolicy(
        'teams',
        policy(
          {
            Sid: 'ListOwnHome',
            Effect: 'Allow',
            Principal: { AWS: '222222222222' },
            Action: 's3:ListBucket',
            Resource: 'arn:aws:s3:::teams',
            Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } },
          },
          {
            Sid: 'ReadBlue',
            Effect: 'Allow',
            Principal: { AWS: '222222222222' },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::teams/*',
            Condition: { StringEquals: { 's3:ExistingObjectTag/team': 'blue' } },
          },
        ),
      );
      expect((await get('/teams', BOB, { prefix: 'home/bob/' })).status).toBe(200);
      expect(await errorCode(await get('/teams', BOB, { prefix: 'home/carol/' }))).toBe(
        'AccessDenied',
      );
      expect(await errorCode(await get('/teams', BOB))).toBe('AccessDenied');
      expect(await (await get(`/teams/${tagged}`, BOB)).text()).toBe('blue');
      expect(await errorCode(await get('/teams/home/bob/notes.txt', BOB))).toBe('AccessDenied');
    });

    it('refuses a bucket of another account than x-amz-expected-bucket-owner names', async () => {
      await bucketWith('expected', { 'a.txt': 'a' });
      const read = (headers: Record<string, string>) =>
        send({ path: '/expected/a.txt', headers, key: ALICE });
      expect((await read({ 'x-amz-expected-bucket-owner': '111111111111' })).status).toBe(200);
      const wrong = await read({ 'x-amz-expected-bucket-owner': '222222222222' });
      expect(await errorCode(wrong)).toBe('AccessDenied');
      const copy = (expected: string) =>
        send({
          method: 'PUT',
          path: '/expected/b.txt',
          headers: {
            'x-amz-copy-source': '/expected/a.txt',
            'x-amz-source-expected-bucket-owner': expected,
          },
          key: ALICE,
        });
      expect(await errorCode(await copy('222222222222'))).toBe('AccessDenied');
      expect((await get('/expected/b.txt', ALICE)).status).toBe(404);
      expect((await copy('111111111111')).status).toBe(200);
    });

    it('refuses a malformed policy with the reason, and stores nothing', async () => {
      await bucketWith('strict', {});
      const cases = [
        'not json',
        policy({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::other/*',
        }),
        policy({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:Fly',
          Resource: 'arn:aws:s3:::strict/*',
        }),
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }],
        }),
      ];
      for (const document of cases) {
        const res = await putPolicy('strict', document);
        expect(res.status, document).toBe(400);
        expect(await errorCode(res), document).toBe('MalformedPolicy');
      }
      const huge = policy(
        ...Array.from({ length: 400 }, (_, i) => ({
          Sid: `S${i}`,
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: `arn:aws:s3:::strict/${'x'.repeat(20)}${i}`,
        })),
      );
      expect((await putPolicy('strict', huge)).status).toBe(400);
      const none = await send({ path: '/strict', query: { policy: '' }, key: ALICE });
      expect(await errorCode(none)).toBe('NoSuchBucketPolicy');
      expect(
        await errorCode(await send({ path: '/strict', query: { policyStatus: '' }, key: ALICE })),
      ).toBe('NoSuchBucketPolicy');
    });
  });
}
