import { describe, expect, it } from 'vitest';
import { TEST_DIALECTS, usePostgresTestDatabase } from '@strata/metastore-core/testing';
import { useTestGateway } from '../testing/test-gateway.js';

// The null version as reads name it: S3 answers `x-amz-version-id: null` on GET, HEAD,
// GetObjectAttributes and GetObjectTagging of a null version once the bucket's versioning was
// configured (Enabled or Suspended), sends none in a never-versioned bucket, and none on a
// write's answer in a `Suspended` bucket. On both metastores (PostgreSQL through the latency proxy).

const postgres = await usePostgresTestDatabase();

const versioning = (status: 'Enabled' | 'Suspended') =>
  `<VersioningConfiguration><Status>${status}</Status></VersioningConfiguration>`;

for (const dialect of TEST_DIALECTS) {
  describe(`the null version's id on ${dialect}`, () => {
    const gateway = useTestGateway({ dialect, postgres });
    const send = (...args: Parameters<ReturnType<typeof gateway>['send']>) =>
      gateway().send(...args);
    /** `x-amz-version-id` of each read of `path` (undefined where none was sent). */
    const readIds = async (path: string) => {
      const answers = {
        GET: await send({ path }),
        HEAD: await send({ method: 'HEAD', path }),
        attributes: await send({
          path,
          query: { attributes: '' },
          headers: { 'x-amz-object-attributes': 'ObjectSize' },
        }),
        tagging: await send({ path, query: { tagging: '' } }),
      };
      return Object.fromEntries(
        Object.entries(answers).map(([name, res]) => {
          expect(res.status, name).toBe(200);
          return [name, res.headers.get('x-amz-version-id') ?? undefined];
        }),
      );
    };
    const none = { GET: undefined, HEAD: undefined, attributes: undefined, tagging: undefined };
    const all = (id: string) => ({ GET: id, HEAD: id, attributes: id, tagging: id });
    const setVersioning = async (status: 'Enabled' | 'Suspended') => {
      const res = await send({
        method: 'PUT',
        path: '/nullv',
        query: { versioning: '' },
        body: versioning(status),
      });
      expect(res.status).toBe(200);
    };

    it('never versioned: no id; once Enabled: the old object reads as `null`, a new one by its id', async () => {
      expect((await send({ method: 'PUT', path: '/nullv' })).status).toBe(200);
      const put = await send({ method: 'PUT', path: '/nullv/old', body: 'before' });
      expect(put.headers.get('x-amz-version-id')).toBeNull();
      expect(await readIds('/nullv/old')).toEqual(none);
      const byId = await send({ path: '/nullv/old', query: { versionId: 'null' } });
      expect(await byId.text()).toBe('before');
      expect(byId.headers.get('x-amz-version-id')).toBeNull();

      await setVersioning('Enabled');
      expect(await readIds('/nullv/old')).toEqual(all('null'));
      const nullById = await send({ path: '/nullv/old', query: { versionId: 'null' } });
      expect(await nullById.text()).toBe('before');
      expect(nullById.headers.get('x-amz-version-id')).toBe('null');

      const fresh = await send({ method: 'PUT', path: '/nullv/new', body: 'after' });
      const id = fresh.headers.get('x-amz-version-id');
      expect(id).toMatch(/^[0-9A-Z]{26}$/);
      expect(await readIds('/nullv/new')).toEqual(all(id!));
    });

    it('Suspended: a write answers without an id, and reads of it say `null`', async () => {
      expect((await send({ method: 'PUT', path: '/nullv' })).status).toBe(200);
      await setVersioning('Enabled');
      await setVersioning('Suspended');
      const put = await send({ method: 'PUT', path: '/nullv/s', body: 'suspended' });
      expect(put.status).toBe(200);
      expect(put.headers.get('x-amz-version-id')).toBeNull();
      expect(await readIds('/nullv/s')).toEqual(all('null'));
    });
  });
}
