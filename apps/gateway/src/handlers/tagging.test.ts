import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import {
  blobFiles,
  errorCode,
  md5b64,
  postFormRequest,
  useTestGateway,
} from '../testing/test-gateway.js';

// Object tags as a client sees them: set with x-amz-tagging on every write that creates a
// version, read and replaced with ?tagging, counted in x-amz-tagging-count, refused with S3's
// errors before anything changes. On both metastores (PostgreSQL through the latency proxy).

const postgres = await usePostgresTestDatabase();

const tagging = (tags: Record<string, string>) =>
  `<Tagging><TagSet>${Object.entries(tags)
    .map(([k, v]) => `<Tag><Key>${k}</Key><Value>${v}</Value></Tag>`)
    .join('')}</TagSet></Tagging>`;
/** The tags of a GetObjectTagging reply, in order. */
const tagsIn = (xml: string) =>
  [...xml.matchAll(/<Tag><Key>([^<]*)<\/Key><Value>([^<]*)<\/Value><\/Tag>/g)].map(
    ([, key, value]) => [key, value],
  );

for (const dialect of TEST_DIALECTS) {
  describe(`object tagging on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres });
    const send = (...args: Parameters<ReturnType<typeof gateway>['send']>) =>
      gateway().send(...args);
    const getTags = async (path: string) => {
      const res = await send({ path, query: { tagging: '' } });
      expect(res.status).toBe(200);
      return tagsIn(await res.text());
    };
    const bucket = async () => {
      expect((await send({ method: 'PUT', path: '/tags' })).status).toBe(200);
    };

    it('x-amz-tagging on PUT is stored, counted on GET and HEAD, read back with ?tagging', async () => {
      await bucket();
      const put = await send({
        method: 'PUT',
        path: '/tags/a.txt',
        body: 'hello',
        headers: { 'x-amz-tagging': 'team=data&note=two%20words&empty=' },
      });
      expect(put.status).toBe(200);
      expect(await getTags('/tags/a.txt')).toEqual([
        ['team', 'data'],
        ['note', 'two words'],
        ['empty', ''],
      ]);
      for (const method of ['GET', 'HEAD']) {
        const res = await send({ method, path: '/tags/a.txt' });
        expect(res.headers.get('x-amz-tagging-count'), method).toBe('3');
      }
    });

    it('PutObjectTagging replaces the set, DeleteObjectTagging empties it (204)', async () => {
      await bucket();
      await send({
        method: 'PUT',
        path: '/tags/b',
        body: 'x',
        headers: { 'x-amz-tagging': 'a=1' },
      });
      const put = await send({
        method: 'PUT',
        path: '/tags/b',
        query: { tagging: '' },
        body: tagging({ k: 'v', 'x:y/z': 'é +-=._:/@' }),
      });
      expect(put.status).toBe(200);
      expect(await getTags('/tags/b')).toEqual([
        ['k', 'v'],
        ['x:y/z', 'é +-=._:/@'],
      ]);
      // The object itself is untouched.
      expect(await (await send({ path: '/tags/b' })).text()).toBe('x');
      const del = await send({ method: 'DELETE', path: '/tags/b', query: { tagging: '' } });
      expect(del.status).toBe(204);
      expect(await getTags('/tags/b')).toEqual([]);
      const head = await send({ method: 'HEAD', path: '/tags/b' });
      expect(head.headers.get('x-amz-tagging-count')).toBeNull();
      expect((await send({ path: '/tags/b' })).status).toBe(200);
    });

    it('an overwrite without x-amz-tagging leaves the new version untagged', async () => {
      await bucket();
      await send({
        method: 'PUT',
        path: '/tags/c',
        body: '1',
        headers: { 'x-amz-tagging': 'a=1' },
      });
      await send({ method: 'PUT', path: '/tags/c', body: '2' });
      expect(await getTags('/tags/c')).toEqual([]);
    });

    it("refuses bad tag sets with S3's errors and changes nothing", async () => {
      await bucket();
      await send({
        method: 'PUT',
        path: '/tags/d',
        body: 'x',
        headers: { 'x-amz-tagging': 'keep=me' },
      });
      const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
      const cases: [string, number, string][] = [
        [tagging(eleven), 400, 'BadRequest'],
        [
          '<Tagging><TagSet><Tag><Key>a</Key><Value>1</Value></Tag><Tag><Key>a</Key><Value>2</Value></Tag></TagSet></Tagging>',
          400,
          'InvalidTag',
        ],
        [tagging({ ['k'.repeat(129)]: 'v' }), 400, 'InvalidTag'],
        [tagging({ k: 'v'.repeat(257) }), 400, 'InvalidTag'],
        [tagging({ 'a#b': 'v' }), 400, 'InvalidTag'],
        [tagging({ '': 'v' }), 400, 'InvalidTag'],
        ['<Tagging><Tag/></Tagging>', 400, 'MalformedXML'],
        ['not xml', 400, 'MalformedXML'],
      ];
      for (const [body, status, code] of cases) {
        const res = await send({ method: 'PUT', path: '/tags/d', query: { tagging: '' }, body });
        expect(res.status, body).toBe(status);
        expect(await errorCode(res), body).toBe(code);
      }
      expect(await getTags('/tags/d')).toEqual([['keep', 'me']]);
      // 128 and 256 UTF-16 units are the limits, not past them.
      const edge = tagging({ ['k'.repeat(128)]: 'v'.repeat(256) });
      expect(
        (await send({ method: 'PUT', path: '/tags/d', query: { tagging: '' }, body: edge })).status,
      ).toBe(200);
    });

    it('a PUT with a bad x-amz-tagging stores nothing', async () => {
      await bucket();
      const res = await send({
        method: 'PUT',
        path: '/tags/e',
        body: 'never stored',
        headers: { 'x-amz-tagging': 'a=1&a=2' },
      });
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('InvalidTag');
      expect((await send({ method: 'HEAD', path: '/tags/e' })).status).toBe(404);
      expect(await blobFiles(gateway())).toEqual([]);
    });

    it('missing key and bucket: NoSuchKey and NoSuchBucket', async () => {
      await bucket();
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const body = method === 'PUT' ? tagging({ a: '1' }) : undefined;
        const key = await send({
          method,
          path: '/tags/none',
          query: { tagging: '' },
          ...(body ? { body } : {}),
        });
        expect([method, key.status, await errorCode(key)]).toEqual([method, 404, 'NoSuchKey']);
        const noBucket = await send({
          method,
          path: '/nobucket/k',
          query: { tagging: '' },
          ...(body ? { body } : {}),
        });
        expect([method, noBucket.status, await errorCode(noBucket)]).toEqual([
          method,
          404,
          'NoSuchBucket',
        ]);
      }
    });

    it('CopyObject keeps the source tags by default and replaces them with REPLACE', async () => {
      await bucket();
      await send({
        method: 'PUT',
        path: '/tags/src',
        body: 's',
        headers: { 'x-amz-tagging': 'from=src' },
      });
      const copy = (to: string, headers: Record<string, string> = {}) =>
        send({
          method: 'PUT',
          path: `/tags/${to}`,
          headers: { 'x-amz-copy-source': '/tags/src', ...headers },
        });
      expect((await copy('kept', { 'x-amz-tagging': 'ignored=yes' })).status).toBe(200);
      expect(await getTags('/tags/kept')).toEqual([['from', 'src']]);
      expect(
        (await copy('replaced', { 'x-amz-tagging-directive': 'REPLACE', 'x-amz-tagging': 'new=1' }))
          .status,
      ).toBe(200);
      expect(await getTags('/tags/replaced')).toEqual([['new', '1']]);
      expect((await copy('cleared', { 'x-amz-tagging-directive': 'REPLACE' })).status).toBe(200);
      expect(await getTags('/tags/cleared')).toEqual([]);
      const bad = await copy('bad', { 'x-amz-tagging-directive': 'MERGE' });
      expect([bad.status, await errorCode(bad)]).toEqual([400, 'InvalidArgument']);
      expect((await send({ method: 'HEAD', path: '/tags/bad' })).status).toBe(404);
    });

    it('CreateMultipartUpload carries x-amz-tagging to the completed object', async () => {
      await bucket();
      const init = await send({
        method: 'POST',
        path: '/tags/mp',
        query: { uploads: '' },
        headers: { 'x-amz-tagging': 'stage=raw' },
      });
      const uploadId = /<UploadId>([^<]+)</.exec(await init.text())![1]!;
      const part = await send({
        method: 'PUT',
        path: '/tags/mp',
        query: { partNumber: '1', uploadId },
        body: 'only part',
      });
      const etag = part.headers.get('etag')!;
      const done = await send({
        method: 'POST',
        path: '/tags/mp',
        query: { uploadId },
        body: `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etag}</ETag></Part></CompleteMultipartUpload>`,
      });
      expect(done.status).toBe(200);
      expect(await getTags('/tags/mp')).toEqual([['stage', 'raw']]);
      const bad = await send({
        method: 'POST',
        path: '/tags/mp2',
        query: { uploads: '' },
        headers: { 'x-amz-tagging': 'a=1&a=2' },
      });
      expect([bad.status, await errorCode(bad)]).toEqual([400, 'InvalidTag']);
    });

    it("a browser form's tagging field tags the object; a bad one stores nothing", async () => {
      await bucket();
      const post = (key: string, tagSet: string) =>
        send(postFormRequest('tags', key, [['tagging', tagSet]]));
      expect((await post('form.txt', tagging({ via: 'form' }))).status).toBe(204);
      expect(await getTags('/tags/form.txt')).toEqual([['via', 'form']]);
      const bad = await post('bad-form.txt', tagging({ 'no#hash': 'v' }));
      expect([bad.status, await errorCode(bad)]).toEqual([400, 'InvalidTag']);
      expect((await send({ method: 'HEAD', path: '/tags/bad-form.txt' })).status).toBe(404);
    });

    it('bucket tags: NoSuchTagSet until set, replaced whole, deleted; S3 errors for bad sets', async () => {
      await bucket();
      const none = await send({ path: '/tags', query: { tagging: '' } });
      expect([none.status, await errorCode(none)]).toEqual([404, 'NoSuchTagSet']);
      const putBucketTags = (body: string) =>
        send({
          method: 'PUT',
          path: '/tags',
          query: { tagging: '' },
          headers: { 'content-md5': md5b64(body) },
          body,
        });
      const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, `${i}`]));
      expect((await putBucketTags(tagging(fifty))).status).toBe(204);
      expect(await getTags('/tags')).toHaveLength(50);
      expect((await putBucketTags(tagging({ env: 'prod' }))).status).toBe(204);
      expect(await getTags('/tags')).toEqual([['env', 'prod']]);
      const cases: [string, string][] = [
        [tagging({ ...fifty, one: 'more' }), 'BadRequest'],
        [tagging({ 'aws:reserved': 'v' }), 'InvalidTag'],
        [tagging({ ['k'.repeat(129)]: 'v' }), 'InvalidTag'],
        ['<Tagging/>', 'MalformedXML'],
      ];
      for (const [body, code] of cases) {
        const res = await putBucketTags(body);
        expect([res.status, await errorCode(res)], body.slice(0, 60)).toEqual([400, code]);
      }
      // S3 requires an integrity check on PutBucketTagging.
      const unchecked = await send({
        method: 'PUT',
        path: '/tags',
        query: { tagging: '' },
        body: tagging({ a: '1' }),
      });
      expect([unchecked.status, await errorCode(unchecked)]).toEqual([400, 'InvalidRequest']);
      expect(await getTags('/tags')).toEqual([['env', 'prod']]);
      expect((await send({ method: 'DELETE', path: '/tags', query: { tagging: '' } })).status).toBe(
        204,
      );
      const gone = await send({ path: '/tags', query: { tagging: '' } });
      expect([gone.status, await errorCode(gone)]).toEqual([404, 'NoSuchTagSet']);
      // The bucket itself is still there.
      expect((await send({ method: 'HEAD', path: '/tags' })).status).toBe(200);
      const missing = await send({ method: 'DELETE', path: '/nobucket', query: { tagging: '' } });
      expect([missing.status, await errorCode(missing)]).toEqual([404, 'NoSuchBucket']);
    });
  });
}
