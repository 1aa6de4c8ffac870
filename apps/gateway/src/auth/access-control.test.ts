import { describe, expect, it } from 'vitest';
import { createAccessControl } from './access-control.js';
import { authorize } from './authorize.js';

describe('createAccessControl', () => {
  it('caches owners, serves the last one seen while the metastore is down, pins configured ones', async () => {
    let clock = 0;
    let down = false;
    const lookups: string[] = [];
    const access = createAccessControl({
      scopeOf: () => ({ owner: 'alice' }),
      lookupOwner: (bucket) => {
        lookups.push(bucket);
        if (down) {
          return Promise.reject(Object.assign(new Error('db down'), { code: 'EMETA_UNAVAILABLE' }));
        }
        return Promise.resolve(bucket === 'missing' ? undefined : 'alice');
      },
      knownOwners: new Map([['configured', 'bob']]),
      cacheMs: 1000,
      now: () => clock,
    });
    expect(await access.bucketOwner('photos')).toBe('alice');
    expect(await access.bucketOwner('photos')).toBe('alice');
    expect(lookups).toEqual(['photos']);
    clock = 5000;
    down = true;
    expect(await access.bucketOwner('photos')).toBe('alice'); // stale, but the best there is
    await expect(access.bucketOwner('never-seen')).rejects.toMatchObject({
      code: 'EMETA_UNAVAILABLE',
    });
    expect(await access.bucketOwner('configured')).toBe('bob');
    down = false;
    expect(await access.bucketOwner('missing')).toBeUndefined();
    await expect(
      authorize(access, { owner: 'alice' }, 's3:GetObject', { bucket: 'configured' }),
    ).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  it('needs no lookup at all when every key is one tenant’s', async () => {
    const access = createAccessControl({
      scopeOf: () => ({ owner: 'alice' }),
      lookupOwner: () => Promise.reject(new Error('must not be called')),
      singleTenant: true,
    });
    await expect(
      authorize(access, { owner: 'alice' }, 's3:GetObject', { bucket: 'any' }),
    ).resolves.toBeUndefined();
  });
});
