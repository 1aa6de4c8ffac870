import fc from 'fast-check';
import type { PolicyPrincipal } from '../policy-request.js';
import { ANONYMOUS, BUCKET_ARN, objectArn, root, user, type Ask } from './policies.js';

/** Principals a generated statement may name, and callers a generated request may come from. */
const PRINCIPAL_ELEMENTS = [
  '*',
  { AWS: '*' },
  { AWS: '111122223333' },
  { AWS: 'arn:aws:iam::111122223333:user/alice' },
  { AWS: ['arn:aws:iam::444455556666:root', 'arn:aws:iam::111122223333:user/bob'] },
  { CanonicalUser: '11112222'.repeat(8) },
];
const CALLERS: readonly PolicyPrincipal[] = [
  ANONYMOUS,
  user('111122223333', 'alice'),
  user('111122223333', 'bob'),
  user('444455556666', 'mallory'),
  root('111122223333'),
];
const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:DeleteObject'];
const ACTION_PATTERNS = ['*', 's3:*', 's3:Get*', 's3:*Object', 's3:GetObject', 's3:List?ucket'];
const RESOURCES = [BUCKET_ARN, objectArn('a/b'), objectArn('a/c'), objectArn('x')];
const RESOURCE_PATTERNS = [
  '*',
  BUCKET_ARN,
  `${BUCKET_ARN}/*`,
  `${BUCKET_ARN}/a/*`,
  `${BUCKET_ARN}/\${aws:username}`,
];
const CONDITIONS = [
  { StringEquals: { 'aws:a': 'x' } },
  { StringNotLike: { 'aws:a': 'x*' } },
  { 'ForAllValues:StringEquals': { 'aws:b': ['x', 'y'] } },
  { 'ForAnyValue:StringLike': { 'aws:b': 'y*' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { Null: { 'aws:a': 'true' } },
  { NumericLessThanIfExists: { 'aws:n': '5' } },
  { Bool: { 'aws:SecureTransport': 'false' } },
];

/** A statement with the given effect built from the palettes above (always valid). */
export function statementArb(effect: fc.Arbitrary<'Allow' | 'Deny'>): fc.Arbitrary<object> {
  return fc
    .record({
      Effect: effect,
      principal: fc.constantFrom(...PRINCIPAL_ELEMENTS),
      notPrincipal: fc.boolean(),
      actions: fc.subarray(ACTION_PATTERNS, { minLength: 1 }),
      notAction: fc.boolean(),
      notResource: fc.boolean(),
      conditions: fc.subarray(CONDITIONS, { maxLength: 2 }),
    })
    .map((s) => ({
      Effect: s.Effect,
      [s.notPrincipal ? 'NotPrincipal' : 'Principal']: s.principal,
      [s.notAction ? 'NotAction' : 'Action']: s.actions,
      // `*` covers every resource type, so no generated statement is refused as inapplicable.
      [s.notResource ? 'NotResource' : 'Resource']: ['*', ...RESOURCE_PATTERNS.slice(1)],
      ...(s.conditions.length === 0
        ? {}
        : { Condition: Object.assign({}, ...s.conditions) as object }),
    }));
}

/** A request from the palettes above, with a random context. */
export const askArb: fc.Arbitrary<Ask> = fc.record({
  principal: fc.constantFrom(...CALLERS),
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
  context: fc.record(
    {
      'aws:a': fc.constantFrom('x', 'xy', 'z'),
      'aws:b': fc.array(fc.constantFrom('x', 'y', 'yz'), { maxLength: 3 }),
      'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.0.2.1', '::ffff:10.0.0.1', 'junk'),
      'aws:n': fc.constantFrom('1', '9', 'NaN'),
      'aws:SecureTransport': fc.constantFrom('true', 'false'),
    },
    { requiredKeys: [] },
  ),
});

/** Pieces of policy documents: field names S3 knows and values of every JSON shape. */
const FIELD = fc.constantFrom(
  'Version',
  'Id',
  'Statement',
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
  'AWS',
  'CanonicalUser',
  'StringLike',
  'IpAddress',
  'DateLessThan',
  'Null',
  'aws:SourceIp',
  'Allow',
  'Deny',
  '*',
  'x',
);
const LEAF = fc.oneof(
  fc.constantFrom(
    '2012-10-17',
    'Allow',
    'Deny',
    '*',
    's3:GetObject',
    `${BUCKET_ARN}/*`,
    '10.0.0.0/8',
    '2024-01-01',
    '${aws:username}',
  ),
  fc.jsonValue({ maxDepth: 1 }),
);

/** JSON-ish documents, mostly shaped like policies, often wrong in one place or many. */
export const documentArb: fc.Arbitrary<string> = fc.oneof(
  fc
    .letrec<{ node: unknown }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        LEAF,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(FIELD, tie('node'), { maxKeys: 4 }),
      ),
    }))
    .node.map((node) => JSON.stringify({ Version: '2012-10-17', Statement: node })),
  fc.json(),
  fc.string(),
);
