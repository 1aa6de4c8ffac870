import { describe, expect, it } from 'vitest';
import type { PolicyPrincipal } from './policy-request.js';
import {
  ANONYMOUS,
  BUCKET_ARN,
  compile,
  decide,
  objectArn,
  root,
  user,
} from './testing/policies.js';

const ALICE = user('111122223333', 'alice');
const BOB = user('111122223333', 'bob');
const MALLORY = user('444455556666', 'mallory');
const OBJECTS = `${BUCKET_ARN}/*`;

const allowGet = (Principal: unknown) =>
  compile([{ Effect: 'Allow', Principal, Action: 's3:GetObject', Resource: OBJECTS }]);

describe('Principal', () => {
  const cases: readonly (readonly [string, unknown, PolicyPrincipal, boolean])[] = [
    ['"*" names anonymous callers', '*', ANONYMOUS, true],
    ['{"AWS":"*"} names anonymous callers', { AWS: '*' }, ANONYMOUS, true],
    ['an account id names its users', { AWS: '111122223333' }, ALICE, true],
    ['an account id names its root', { AWS: '111122223333' }, root('111122223333'), true],
    ['an account root ARN names its users', { AWS: 'arn:aws:iam::111122223333:root' }, BOB, true],
    ['an account names no one of another', { AWS: '111122223333' }, MALLORY, false],
    ['an account names no anonymous caller', { AWS: '111122223333' }, ANONYMOUS, false],
    ['a user ARN names that user', { AWS: 'arn:aws:iam::111122223333:user/alice' }, ALICE, true],
    ['a user ARN names no other user', { AWS: 'arn:aws:iam::111122223333:user/alice' }, BOB, false],
    [
      'a user ARN does not name the root',
      { AWS: 'arn:aws:iam::111122223333:user/alice' },
      root('111122223333'),
      false,
    ],
    ['a canonical id names its account', { CanonicalUser: '11112222'.repeat(8) }, ALICE, true],
    [
      'a canonical id in upper case too',
      { CanonicalUser: '11112222'.repeat(8).toUpperCase() },
      ALICE,
      true,
    ],
    ['a service names no Strata caller', { Service: 'cloudfront.amazonaws.com' }, ALICE, false],
  ];
  for (const [name, principal, caller, allowed] of cases) {
    it(name, () => {
      expect(decide(allowGet(principal), { principal: caller })).toBe(allowed ? 'allow' : 'none');
    });
  }
});

describe('NotPrincipal', () => {
  const policy = compile([
    { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS },
    {
      Effect: 'Deny',
      NotPrincipal: { AWS: ['arn:aws:iam::111122223333:user/alice'] },
      Action: 's3:*',
      Resource: OBJECTS,
    },
  ]);
  it('applies to every principal it does not list', () => {
    expect(decide(policy, { principal: BOB })).toBe('deny');
    expect(decide(policy, { principal: ANONYMOUS })).toBe('deny');
    expect(decide(policy, { principal: ALICE })).toBe('allow');
  });
  it('counts a user as listed when the account is', () => {
    const byAccount = compile([
      { Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 's3:*', Resource: OBJECTS },
    ]);
    expect(decide(byAccount, { principal: BOB })).toBe('none');
    expect(decide(byAccount, { principal: MALLORY })).toBe('deny');
  });
});

describe('Action, NotAction, Resource, NotResource', () => {
  it('matches actions without regard to case, with * and ? wildcards', () => {
    const policy = compile([
      { Effect: 'Allow', Principal: '*', Action: ['s3:Get*', 's3:?utObject'], Resource: OBJECTS },
    ]);
    expect(decide(policy, { action: 's3:getobjecttagging' })).toBe('allow');
    expect(decide(policy, { action: 's3:PutObject' })).toBe('allow');
    expect(decide(policy, { action: 's3:DeleteObject' })).toBe('none');
  });
  it('NotAction applies to every other action', () => {
    const policy = compile([
      { Effect: 'Deny', Principal: '*', NotAction: 's3:GetObject', Resource: OBJECTS },
    ]);
    expect(decide(policy, { action: 's3:GetObject' })).toBe('none');
    expect(decide(policy, { action: 's3:DeleteObject' })).toBe('deny');
  });
  it('matches resources case-sensitively, ? as one character', () => {
    const policy = compile([
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `${BUCKET_ARN}/log-????.txt`,
      },
    ]);
    expect(decide(policy, { resource: objectArn('log-2024.txt') })).toBe('allow');
    expect(decide(policy, { resource: objectArn('log-24.txt') })).toBe('none');
    expect(decide(policy, { resource: objectArn('LOG-2024.txt') })).toBe('none');
    expect(decide(policy, { resource: objectArn('log-ünï€.txt') })).toBe('allow');
  });
  it('NotResource applies to every other resource', () => {
    const policy = compile([
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:GetObject',
        NotResource: `${BUCKET_ARN}/public/*`,
      },
    ]);
    expect(decide(policy, { resource: objectArn('public/a') })).toBe('none');
    expect(decide(policy, { resource: objectArn('secret/a') })).toBe('deny');
  });
});

describe('decisions', () => {
  it('an explicit deny beats an allow, whatever the order', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: OBJECTS };
    const allow = { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: OBJECTS };
    expect(decide(compile([deny, allow]), {})).toBe('deny');
    expect(decide(compile([allow, deny]), {})).toBe('deny');
  });
  it('is none when no statement applies', () => {
    expect(decide(allowGet({ AWS: '111122223333' }), { principal: MALLORY })).toBe('none');
  });
});

describe('policy variables', () => {
  const at = (Resource: string, version: string | null = '2012-10-17') =>
    compile([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource }], version);
  it('puts in principal keys derived from the principal', () => {
    const policy = at(`${BUCKET_ARN}/\${aws:PrincipalAccount}/\${aws:userid}/*`);
    const alice = { ...ALICE, userId: 'AIDAEXAMPLE' } as PolicyPrincipal;
    expect(
      decide(policy, { principal: alice, resource: objectArn('111122223333/AIDAEXAMPLE/x') }),
    ).toBe('allow');
    expect(
      decide(policy, {
        principal: root('111122223333'),
        resource: objectArn('111122223333/111122223333/x'),
      }),
    ).toBe('allow');
  });
  it('puts in any context key, its default when absent, and nothing matches without either', () => {
    const withDefault = at(`${BUCKET_ARN}/\${s3:prefix, 'shared'}/*`);
    expect(
      decide(withDefault, { resource: objectArn('team/x'), context: { 's3:prefix': 'team' } }),
    ).toBe('allow');
    expect(decide(withDefault, { resource: objectArn('shared/x') })).toBe('allow');
    const without = at(`${BUCKET_ARN}/\${s3:prefix}/*`);
    expect(decide(without, { resource: objectArn('/x') })).toBe('none');
  });
  it('reads ${*}, ${?} and ${$} as literal characters, not wildcards', () => {
    const policy = at(`${BUCKET_ARN}/\${*}\${?}\${$}`);
    expect(decide(policy, { resource: objectArn('*?$') })).toBe('allow');
    expect(decide(policy, { resource: objectArn('ab$') })).toBe('none');
  });
  it('treats a variable value as literal text, not as a wildcard', () => {
    const policy = at(`${BUCKET_ARN}/\${aws:username}/*`);
    const star = { ...ALICE, userName: '*' } as PolicyPrincipal;
    expect(decide(policy, { principal: star, resource: objectArn('alice/x') })).toBe('none');
    expect(decide(policy, { principal: star, resource: objectArn('*/x') })).toBe('allow');
  });
  it('leaves ${…} as literal text under Version 2008-10-17 and without Version', () => {
    for (const version of ['2008-10-17', null]) {
      const policy = at(`${BUCKET_ARN}/\${aws:username}/*`, version);
      expect(decide(policy, { principal: ALICE, resource: objectArn('alice/x') })).toBe('none');
      expect(decide(policy, { principal: ALICE, resource: objectArn('${aws:username}/x') })).toBe(
        'allow',
      );
    }
  });
  it('reports the keys its variables read in conditionKeys', () => {
    const policy = compile([
      {
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `${BUCKET_ARN}/\${aws:username}/*`,
        Condition: { StringEquals: { 's3:ExistingObjectTag/Team': '${aws:PrincipalTag/team}' } },
      },
    ]);
    expect([...policy.conditionKeys].sort()).toEqual([
      'aws:principaltag/team',
      'aws:username',
      's3:existingobjecttag/team',
    ]);
  });
});
