import { describe, expect, it } from 'vitest';
import { ANONYMOUS_SCOPE, createAccessControl, type BucketAccessRow } from './access-control.js';
import { authorize, type AccessCheck } from './authorize.js';

const read = (bucket: string): { checks: AccessCheck[]; context: () => undefined } => ({
  checks: [{ action: 's3:GetObject', bucket, key: 'k' }],
  context: () => undefined,
});

describe('createAccessControl', () => {
  it('caches buckets, serves the last one seen while the metastore is down, pins configured owners', async () => {
    let clock = 0;
    let down = false;
    const lookups: string[] = [];
    const access = createAccessControl({
      scopeOf: () => ({ owner: 'alice' }),
      lookupBucket: (bucket) => {
        lookups.push(bucket);
        if (down) {
          return Promise.reject(Object.assign(new Error('db down'), { code: 'EMETA_UNAVAILABLE' }));
        }
        return Promise.resolve(bucket === 'missing' ? undefined : { owner: 'alice' });
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
    await expect(authorize(access, { owner: 'alice' }, read('configured'))).rejects.toMatchObject({
      code: 'AccessDenied',
    });
  });

  it('lets the single tenant read on when the metastore is down, and nobody else', async () => {
    const access = createAccessControl({
      scopeOf: () => ({ owner: 'alice' }),
      lookupBucket: () => Promise.reject(new Error('db down')),
      singleTenant: true,
    });
    await expect(authorize(access, { owner: 'alice' }, read('any'))).resolves.toBeUndefined();
    await expect(authorize(access, ANONYMOUS_SCOPE, read('any'))).rejects.toThrow('db down');
  });

  it('compiles a policy once, sees a change after forget(), and fails closed on one that no longer parses', async () => {
    const rows = new Map<string, BucketAccessRow>();
    let lookups = 0;
    const invalid: string[] = [];
    const access = createAccessControl({
      scopeOf: () => ({ owner: 'alice' }),
      lookupBucket: (bucket) => {
        lookups += 1;
        return Promise.resolve(rows.get(bucket));
      },
      onInvalidPolicy: (bucket) => invalid.push(bucket),
    });
    const grant = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pub/*' },
      ],
    });
    rows.set('pub', { owner: 'alice', policy: grant });
    await authorize(access, ANONYMOUS_SCOPE, read('pub'));
    await authorize(access, ANONYMOUS_SCOPE, read('pub'));
    expect(lookups).toBe(1);
    expect((await access.bucketAccess('pub'))?.publicPolicy).toBe(true);

    rows.set('pub', { owner: 'alice' });
    await authorize(access, ANONYMOUS_SCOPE, read('pub')); // cached: still public here
    access.forget('pub');
    await expect(authorize(access, ANONYMOUS_SCOPE, read('pub'))).rejects.toMatchObject({
      code: 'AccessDenied',
    });

    rows.set('pub', { owner: 'alice', policy: '{"Statement": "garbage"' });
    access.forget('pub');
    await expect(authorize(access, ANONYMOUS_SCOPE, read('pub'))).rejects.toMatchObject({
      code: 'AccessDenied',
    });
    expect(invalid).toEqual(['pub']);
    // The owner's own keys are unaffected: an unreadable policy grants and denies nothing.
    await expect(authorize(access, { owner: 'alice' }, read('pub'))).resolves.toBeUndefined();
  });

  it('does not cache a lookup that a change overtook while it was in flight', async () => {
    let release: () => void = () => {};
    let lookups = 0;
    const access = createAccessControl({
      scopeOf: () => ({ owner: 'alice' }),
      lookupBucket: async () => {
        lookups += 1;
        if (lookups === 1) await new Promise<void>((resolve) => (release = resolve));
        return { owner: 'alice', policy: lookups === 1 ? '{"old": true' : undefined };
      },
    });
    const slow = access.bucketAccess('b');
    access.invalidate('b'); // another instance's change arrives while the old row is in flight
    release();
    await slow;
    expect((await access.bucketAccess('b'))?.policy).toBeUndefined();
    expect(lookups).toBe(2);
  });
});
